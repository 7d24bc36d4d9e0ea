using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// The schedulable part of a node's NodeLocalStorage (crds.md §1.3): only the entries named in
/// <c>status.filteredStorageInfo</c>, with their sizes from <c>status.nodeStorageInfo</c>.
/// </summary>
public sealed record NodeStorageReport(
    string NodeName,
    bool Spdk,
    IReadOnlyList<ReportedVolumeGroup> VolumeGroups,
    IReadOnlyList<ReportedDevice> Devices,
    IReadOnlyList<ReportedMountPoint> MountPoints);

/// <summary>A filtered VG; <see cref="AllocatableBytes"/> is what OpenLocal may hand out (NLS <c>allocatable</c>).</summary>
public sealed record ReportedVolumeGroup(string Name, long AllocatableBytes);

/// <summary>A filtered exclusive device; no media type means only "any media" demands can use it.</summary>
public sealed record ReportedDevice(string Name, long TotalBytes, MediaType? Media);

/// <summary>A filtered mount point; its media type is that of the device it is mounted from (§4.3).</summary>
public sealed record ReportedMountPoint(string Path, long TotalBytes, long AvailableBytes, string? FsType, string? Device, MediaType? Media)
{
    /// <summary>Only these filesystems can be handed out whole (extender.md §4.3).</summary>
    public bool IsEligible => FsType is "ext3" or "ext4" or "xfs";
}
