using OpenLocal.Application.Ports;
using OpenLocal.Infrastructure.Device.Mounts;

namespace OpenLocal.Cli.Commands.Csi;

/// <summary>
/// Fake mode only (ADR 0013, ADR 0047): the in-memory mount table decides what is mounted; publish
/// targets inside the state directory are also created and removed on the real filesystem (by the
/// same rule as the real node, <see cref="PublishTargetFiles"/>), so that conformance suites that look
/// at the target path see what they expect. A target outside the state directory exists in memory
/// only: the fake backend never creates or deletes a real path outside its own state directory.
/// </summary>
public sealed class RealTargetMounts(IMounts inner, string stateDir) : IMounts
{
    private readonly string _stateRoot = PublishTargetFiles.ResolveLinks(Path.GetFullPath(stateDir))?.TrimEnd('/') ?? Path.GetFullPath(stateDir);

    public Task<MountInfo?> FindAsync(string target, CancellationToken cancellationToken) => inner.FindAsync(target, cancellationToken);

    public Task<IReadOnlyList<MountInfo>> ListUnderAsync(string root, CancellationToken cancellationToken) => inner.ListUnderAsync(root, cancellationToken);

    public async Task PrepareTargetAsync(string target, TargetKind kind, CancellationToken cancellationToken)
    {
        if (IsInsideStateDir(target))
            PublishTargetFiles.Prepare(target, kind);
        await inner.PrepareTargetAsync(target, kind, cancellationToken);
    }

    public Task MountAsync(string source, string target, string fsType, IReadOnlyList<string> options, CancellationToken cancellationToken) =>
        inner.MountAsync(source, target, fsType, options, cancellationToken);

    public Task BindAsync(string source, string target, bool readOnly, IReadOnlyList<string> options, CancellationToken cancellationToken) =>
        inner.BindAsync(source, target, readOnly, options, cancellationToken);

    public async Task UnmountAndRemoveAsync(string target, TargetRemoval removal, CancellationToken cancellationToken)
    {
        await inner.UnmountAndRemoveAsync(target, removal, cancellationToken);
        if (IsInsideStateDir(target))
            PublishTargetFiles.Remove(target, removal);
    }

    /// <summary>Real links, so that the node path rule sees through a symlink planted in the state directory.</summary>
    public string? ResolveLinks(string path) => PublishTargetFiles.ResolveLinks(path);

    private bool IsInsideStateDir(string target) =>
        PublishTargetFiles.ResolveLinks(target) is { } resolved && resolved.StartsWith(_stateRoot + "/", StringComparison.Ordinal);
}
