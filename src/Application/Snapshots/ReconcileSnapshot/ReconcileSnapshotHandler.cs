using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Volumes.ReconcileVolume;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Snapshots.ReconcileSnapshot;

public sealed class ReconcileSnapshotValidator : AbstractValidator<ReconcileSnapshotCommand>
{
    public ReconcileSnapshotValidator() => RuleFor(c => c.SnapshotId).NotEmpty().WithMessage("snapshot id must not be empty");
}

/// <summary>
/// The node's half of a snapshot (crds.md §6): create (or adopt) the COW LV and report its size, or
/// remove it when the record is being deleted. Creation failures are written to the record.
/// </summary>
public sealed class ReconcileSnapshotHandler(ISnapshotStore snapshots, ILogicalVolumes logicalVolumes, TimeProvider time)
    : ICommandHandler<ReconcileSnapshotCommand, Snapshot?>
{
    public async ValueTask<Snapshot?> Handle(ReconcileSnapshotCommand command, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindAsync(command.SnapshotId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
            return null;
        if (snapshot.Phase == VolumePhase.Deleting)
        {
            // crds.md §6: the record says Deleting while the node removes (a no-op write when it already does).
            await snapshots.UpdateAsync(snapshot, cancellationToken).ConfigureAwait(false);
            await logicalVolumes.RemoveIfExistsAsync(snapshot.VolumeGroup, snapshot.Id, cancellationToken).ConfigureAwait(false);
            await snapshots.ReleaseAsync(snapshot.Id, cancellationToken).ConfigureAwait(false);
            return null;
        }
        if (snapshot.Phase == VolumePhase.Ready)
            return snapshot;

        Snapshot outcome;
        try
        {
            var lv = await logicalVolumes.FindAsync(snapshot.VolumeGroup, snapshot.Id, cancellationToken).ConfigureAwait(false)
                ?? await logicalVolumes.CreateSnapshotAsync(
                    snapshot.VolumeGroup, snapshot.SourceVolumeId, snapshot.Id, snapshot.InitialSizeBytes,
                    LogicalVolumeTags.ForSnapshot(snapshot.Id), cancellationToken).ConfigureAwait(false);
            outcome = snapshot.MarkReady(lv.SizeBytes, time.GetUtcNow());
        }
        catch (StorageException ex) when (ex.Kind is not FailureKind.OperationInProgress)
        {
            outcome = snapshot.MarkFailed(ex.Kind, ex.Message);
        }
        await snapshots.UpdateAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
