using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes;

/// <summary>
/// What the node publishes: the block device (LVM, Device) or directory (MountPoint) behind a
/// volume id, resolved from the volume record first and the volume context second (csi.md §4.3).
/// </summary>
public sealed record PublishedVolume(
    string VolumeId,
    VolumeType Type,
    string Source,
    bool ReadOnlyRestore,
    IoThrottle? Throttle,
    LocalVolume? Record)
{
    /// <summary>True when the source must be formatted and mounted rather than bind-mounted.</summary>
    public bool IsBlockDevice => Type != VolumeType.MountPoint;
}
