using System.Collections.Immutable;

namespace OpenLocal.Domain.Pools;

/// <summary>
/// The schedulable storage of one node: its filtered VGs, devices and mount points with their
/// current allocations. <see cref="Hostname"/> is the <c>kubernetes.io/hostname</c> topology value.
/// </summary>
public sealed record NodeStorage(
    string NodeName,
    string Hostname,
    ImmutableArray<VolumeGroupPool> VolumeGroups,
    ImmutableArray<ExclusiveDevice> Devices,
    ImmutableArray<MountPointPool> MountPoints)
{
    public VolumeGroupPool? FindVolumeGroup(string name)
    {
        foreach (var vg in VolumeGroups)
        {
            if (vg.Name == name)
                return vg;
        }
        return null;
    }

    public bool HasAnyStorage => !VolumeGroups.IsEmpty || !Devices.IsEmpty || !MountPoints.IsEmpty;
}
