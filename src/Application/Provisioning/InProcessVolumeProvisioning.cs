using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Snapshots.ReconcileSnapshot;
using OpenLocal.Application.Volumes.ReconcileVolume;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Provisioning;

/// <summary>
/// The controller → node path when both halves run in one process (standalone, <c>dev</c>, unit
/// tests): the record is already in the store, so "asking the node" is sending the node-side
/// reconcile command and reading back what it wrote.
/// </summary>
public sealed class InProcessVolumeProvisioning(ISender sender, IVolumeStore volumes, ISnapshotStore snapshots) : IVolumeProvisioning
{
    public async Task<LocalVolume> RealizeAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var outcome = await sender.Send(new ReconcileVolumeCommand(volume.Id), cancellationToken).ConfigureAwait(false)
            ?? throw StorageException.NotFound($"volume {volume.Id} has no record to reconcile");
        return outcome.Phase switch
        {
            VolumePhase.Ready => outcome,
            VolumePhase.Failed => throw new StorageException(outcome.FailureKind ?? FailureKind.Internal, outcome.FailureMessage ?? $"volume {volume.Id} failed on node {volume.NodeName}"),
            _ => throw StorageException.Unavailable($"volume {volume.Id} is {outcome.Phase} on node {volume.NodeName}"),
        };
    }

    public async Task RemoveAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await volumes.RequestDeletionAsync(volume.Id, cancellationToken).ConfigureAwait(false);
        await sender.Send(new ReconcileVolumeCommand(volume.Id), cancellationToken).ConfigureAwait(false);
    }

    public async Task<Snapshot> RealizeSnapshotAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var outcome = await sender.Send(new ReconcileSnapshotCommand(snapshot.Id), cancellationToken).ConfigureAwait(false)
            ?? throw StorageException.NotFound($"snapshot {snapshot.Id} has no record to reconcile");
        return outcome.Phase switch
        {
            VolumePhase.Ready => outcome,
            VolumePhase.Failed => throw new StorageException(outcome.FailureKind ?? FailureKind.Internal, outcome.FailureMessage ?? $"snapshot {snapshot.Id} failed on node {snapshot.NodeName}"),
            _ => throw StorageException.Unavailable($"snapshot {snapshot.Id} is {outcome.Phase} on node {snapshot.NodeName}"),
        };
    }

    public async Task RemoveSnapshotAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await snapshots.RequestDeletionAsync(snapshot.Id, cancellationToken).ConfigureAwait(false);
        await sender.Send(new ReconcileSnapshotCommand(snapshot.Id), cancellationToken).ConfigureAwait(false);
    }
}
