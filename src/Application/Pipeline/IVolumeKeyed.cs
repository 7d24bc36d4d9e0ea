namespace OpenLocal.Application.Pipeline;

/// <summary>
/// A command that must not run concurrently with another on the same volume or snapshot.
/// <see cref="LockKey"/> is the id; node-side commands prefix it so that a controller-side command
/// may drive its node-side counterpart without tripping over its own lock.
/// </summary>
public interface IVolumeKeyed
{
    string LockKey { get; }
}
