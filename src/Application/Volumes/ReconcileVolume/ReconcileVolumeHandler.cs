using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.ReconcileVolume;

public sealed class ReconcileVolumeValidator : AbstractValidator<ReconcileVolumeCommand>
{
    public ReconcileVolumeValidator() => RuleFor(c => c.VolumeId).NotEmpty().WithMessage("volume id must not be empty");
}

/// <summary>
/// The node's half of a volume (crds.md §5 lifecycle): create or adopt the LV and grow it, check a
/// device or mount point, or undo all that when the record is being deleted. Failures while making
/// a volume are written to the record (Failed + kind + message) and returned, not thrown: the
/// controller reads them from there. Failures while deleting are thrown: the record stays Deleting.
/// </summary>
public sealed class ReconcileVolumeHandler(
    IVolumeStore volumes,
    ILogicalVolumes logicalVolumes,
    IBlockDevices blockDevices,
    IMounts mounts,
    IFilesystems filesystems,
    IBlockCopier copier,
    IMountPointContents mountPointContents,
    ISnapshotStore snapshots) : ICommandHandler<ReconcileVolumeCommand, LocalVolume?>
{
    public async ValueTask<LocalVolume?> Handle(ReconcileVolumeCommand command, CancellationToken cancellationToken)
    {
        var volume = await volumes.FindAsync(command.VolumeId, cancellationToken).ConfigureAwait(false);
        if (volume is null)
            return null;
        if (volume.Phase == VolumePhase.Deleting)
        {
            // crds.md §5 lifecycle: the record says Deleting while the node removes (a no-op write when it already does).
            await volumes.UpdateAsync(volume, cancellationToken).ConfigureAwait(false);
            await RemoveAsync(volume, cancellationToken).ConfigureAwait(false);
            await volumes.ReleaseAsync(volume.Id, cancellationToken).ConfigureAwait(false);
            return null;
        }
        if (volume.Phase == VolumePhase.Ready && !volume.NeedsExpansion)
            return volume;

        LocalVolume outcome;
        try
        {
            outcome = volume.Type switch
            {
                VolumeType.LVM => await RealizeLogicalVolumeAsync(volume, cancellationToken).ConfigureAwait(false),
                VolumeType.Device => await RealizeDeviceAsync(volume, cancellationToken).ConfigureAwait(false),
                _ => await RealizeMountPointAsync(volume, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (StorageException ex) when (ex.Kind is not FailureKind.OperationInProgress)
        {
            outcome = volume.MarkFailed(ex.Kind, ex.Message);
        }
        await volumes.UpdateAsync(outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task<LocalVolume> RealizeLogicalVolumeAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        if (volume.Source is { Mode: RestoreMode.ReadOnly } readOnly)
        {
            // No LV of its own: the snapshot LV is mounted read-only (csi.md §8).
            var snapshotLv = await logicalVolumes.FindAsync(volume.Pool, readOnly.SnapshotId, cancellationToken).ConfigureAwait(false)
                ?? throw StorageException.NotFound($"snapshot LV {volume.Pool}/{readOnly.SnapshotId} of volume {volume.Id} does not exist");
            return volume.MarkReady(volume.SizeBytes, snapshotLv.DevicePath);
        }

        var lv = await logicalVolumes.FindAsync(volume.Pool, volume.Id, cancellationToken).ConfigureAwait(false);
        var created = lv is null;
        lv ??= await logicalVolumes.CreateAsync(
            new LogicalVolumeSpec(volume.Pool, volume.Id, volume.SizeBytes, volume.Layout, LogicalVolumeTags.For(volume)), cancellationToken).ConfigureAwait(false);

        if (volume.Source is { Mode: RestoreMode.Copy } copy && (created || volume.Phase != VolumePhase.Ready))
        {
            // Until the record is Ready nobody has used the new LV, so copying again after a restart is safe.
            var snapshot = await snapshots.FindAsync(copy.SnapshotId, cancellationToken).ConfigureAwait(false)
                ?? throw StorageException.NotFound($"snapshot {copy.SnapshotId} to restore volume {volume.Id} from no longer exists");
            var snapshotLv = await logicalVolumes.FindAsync(snapshot.VolumeGroup, snapshot.Id, cancellationToken).ConfigureAwait(false)
                ?? throw StorageException.NotFound($"snapshot LV {snapshot.VolumeGroup}/{snapshot.Id} does not exist");
            var origin = await logicalVolumes.FindAsync(snapshot.VolumeGroup, snapshot.SourceVolumeId, cancellationToken).ConfigureAwait(false);
            var bytes = Math.Min(origin?.SizeBytes ?? lv.SizeBytes, lv.SizeBytes);
            await copier.CopyAsync(snapshotLv.DevicePath, lv.DevicePath, bytes, cancellationToken).ConfigureAwait(false);
        }

        if (lv.SizeBytes < volume.SizeBytes)
            lv = await logicalVolumes.ExtendAsync(volume.Pool, volume.Id, volume.SizeBytes, cancellationToken).ConfigureAwait(false);
        return volume.MarkReady(lv.SizeBytes, lv.DevicePath);
    }

    private async Task<LocalVolume> RealizeDeviceAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        if (!await blockDevices.IsBlockDeviceAsync(volume.Pool, cancellationToken).ConfigureAwait(false))
            throw StorageException.NotFound($"device {volume.Pool} of volume {volume.Id} is not a block device on node {volume.NodeName}");
        var size = await blockDevices.GetSizeAsync(volume.Pool, cancellationToken).ConfigureAwait(false);
        if (size < volume.SizeBytes)
            throw StorageException.InsufficientCapacity($"device {volume.Pool} has {size} bytes, volume {volume.Id} needs {volume.SizeBytes}");
        return volume.MarkReady(size, volume.Pool);
    }

    private async Task<LocalVolume> RealizeMountPointAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        _ = await mounts.FindAsync(volume.Pool, cancellationToken).ConfigureAwait(false)
            ?? throw StorageException.NotFound($"mount point {volume.Pool} of volume {volume.Id} is not mounted on node {volume.NodeName}");
        var stats = await filesystems.GetStatsAsync(volume.Pool, cancellationToken).ConfigureAwait(false);
        return volume.MarkReady(stats.TotalBytes, volume.Pool);
    }

    private async Task RemoveAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        switch (volume.Type)
        {
            case VolumeType.LVM when volume.HoldsCapacity:
                await logicalVolumes.RemoveIfExistsAsync(volume.Pool, volume.Id, cancellationToken).ConfigureAwait(false);
                break;
            case VolumeType.Device when volume.DevicePath is not null:
                // Only a device this volume actually got is wiped (never one a failed placement merely named).
                if (await blockDevices.IsBlockDeviceAsync(volume.Pool, cancellationToken).ConfigureAwait(false))
                    await blockDevices.WipeSignaturesAsync(volume.Pool, cancellationToken).ConfigureAwait(false);
                break;
            case VolumeType.MountPoint when volume.DevicePath is not null:
                if (await mounts.FindAsync(volume.Pool, cancellationToken).ConfigureAwait(false) is not null)
                    await mountPointContents.RemoveAllEntriesAsync(volume.Pool, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
