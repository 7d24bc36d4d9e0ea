using System.Collections.Immutable;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Pools;

/// <summary>
/// The ledger rule of crds.md §5, shared by CreateVolume, GetCapacity and the extender: a node's
/// reported storage minus every volume and snapshot recorded on it. Per distinct volume id the
/// largest known size counts (<see cref="LocalVolume.LedgerBytes"/>); read-only restores have no LV
/// and count nothing; snapshots count their COW size in their VG; a device or mount point is taken
/// as soon as any record refers to it. Records for other nodes or unknown pools are ignored.
/// </summary>
public static class CapacityLedger
{
    public static NodeStorage Apply(NodeStorage node, IEnumerable<LocalVolume> volumes, IEnumerable<Snapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(snapshots);

        var groups = node.VolumeGroups.ToDictionary(vg => vg.Name, StringComparer.Ordinal);
        var devices = node.Devices.ToDictionary(d => d.Path, StringComparer.Ordinal);
        var mountPoints = node.MountPoints.ToDictionary(m => m.Path, StringComparer.Ordinal);

        foreach (var volume in volumes)
        {
            if (volume.NodeName != node.NodeName)
                continue;
            switch (volume.Type)
            {
                case VolumeType.LVM when volume.HoldsCapacity && groups.TryGetValue(volume.Pool, out var vg):
                    groups[volume.Pool] = vg.RecordExisting(volume.Id, volume.LedgerBytes);
                    break;
                case VolumeType.Device when devices.TryGetValue(volume.Pool, out var device) && device.IsFree:
                    devices[volume.Pool] = (ExclusiveDevice)device.AllocateTo(volume.Id);
                    break;
                case VolumeType.MountPoint when mountPoints.TryGetValue(volume.Pool, out var mountPoint) && mountPoint.IsFree:
                    mountPoints[volume.Pool] = (MountPointPool)mountPoint.AllocateTo(volume.Id);
                    break;
            }
        }

        foreach (var snapshot in snapshots)
        {
            if (snapshot.NodeName == node.NodeName && groups.TryGetValue(snapshot.VolumeGroup, out var vg))
                groups[snapshot.VolumeGroup] = vg.RecordExisting(snapshot.Id, snapshot.LedgerBytes);
        }

        return node with
        {
            VolumeGroups = [.. node.VolumeGroups.Select(vg => groups[vg.Name])],
            Devices = [.. node.Devices.Select(d => devices[d.Path])],
            MountPoints = [.. node.MountPoints.Select(m => mountPoints[m.Path])],
        };
    }

    /// <summary>Applies the ledger to every node.</summary>
    public static ImmutableArray<NodeStorage> Apply(IEnumerable<NodeStorage> nodes, IReadOnlyCollection<LocalVolume> volumes, IReadOnlyCollection<Snapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return [.. nodes.Select(n => Apply(n, volumes, snapshots))];
    }
}
