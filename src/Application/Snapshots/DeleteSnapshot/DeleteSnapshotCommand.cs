using Mediator;
using OpenLocal.Application.Pipeline;

namespace OpenLocal.Application.Snapshots.DeleteSnapshot;

/// <summary>CSI DeleteSnapshot: unknown id is success; in use by a read-only restore ⇒ FailedPrecondition.</summary>
public sealed record DeleteSnapshotCommand(string SnapshotId) : ICommand, IVolumeKeyed
{
    public string LockKey => SnapshotId;
}
