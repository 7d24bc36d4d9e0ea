using Mediator;
using OpenLocal.Application.Pipeline;
using OpenLocal.Domain.Snapshots;

namespace OpenLocal.Application.Snapshots.ReconcileSnapshot;

/// <summary>Node side: create the COW LV of a recorded snapshot, or remove it when it is being deleted.</summary>
public sealed record ReconcileSnapshotCommand(string SnapshotId) : ICommand<Snapshot?>, IVolumeKeyed
{
    public string LockKey => "node/" + SnapshotId;
}
