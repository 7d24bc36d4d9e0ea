using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.CreateVolume;

/// <summary>Where and how a volume restored from a snapshot is created (csi.md §8 "Restore").</summary>
internal sealed record RestorePlan(Snapshot Snapshot, VolumeSource Source)
{
    public static async Task<RestorePlan> ResolveAsync(
        string snapshotId, StorageClassParameters parameters, long sizeBytes, ISnapshotStore snapshots, IVolumeStore volumes, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindAsync(snapshotId, cancellationToken).ConfigureAwait(false)
            ?? throw StorageException.NotFound($"snapshot {snapshotId} not found");
        // After the lookup: a missing snapshot is NotFound whatever the class asks for (CSI, csi-sanity; issue 19).
        if (parameters.VolumeType != VolumeType.LVM)
            throw StorageException.InvalidArgument($"only LVM volumes can be restored from a snapshot, not {parameters.VolumeType} (snapshot {snapshotId})");
        if (snapshot.Phase != VolumePhase.Ready)
            throw StorageException.Unavailable($"snapshot {snapshotId} is not ready yet ({snapshot.Phase})");
        if (parameters.VolumeGroup is not null && parameters.VolumeGroup != snapshot.VolumeGroup)
            throw StorageException.InvalidArgument($"a restore of snapshot {snapshotId} is created in its VG {snapshot.VolumeGroup}, not in vgName {parameters.VolumeGroup}");

        // The StorageClass may force a mode; otherwise the snapshot's class decides (csi.md §8).
        var mode = parameters.RestoreMode ?? (snapshot.ReadOnly ? RestoreMode.ReadOnly : RestoreMode.Copy);
        if (mode == RestoreMode.Copy)
        {
            var source = await volumes.FindAsync(snapshot.SourceVolumeId, cancellationToken).ConfigureAwait(false);
            var sourceSize = source is null ? 0 : Math.Max(source.SizeBytes, source.CapacityBytes);
            if (sizeBytes < sourceSize)
                throw StorageException.OutOfRange($"restore size must be at least {Quantity.FormatBinary(sourceSize)} (the size of source volume {snapshot.SourceVolumeId}), got {Quantity.FormatBinary(sizeBytes)}");
        }
        return new RestorePlan(snapshot, new VolumeSource(snapshotId, mode));
    }
}
