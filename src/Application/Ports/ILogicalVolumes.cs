using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Ports;

/// <summary>One logical volume as lvm2 reports it (sizes in bytes).</summary>
public sealed record LogicalVolumeInfo(
    string VolumeGroup,
    string Name,
    long SizeBytes,
    string Attributes,
    string? Origin,
    string? Pool,
    double? DataPercent,
    IReadOnlyList<string> Tags)
{
    public string DevicePath => $"/dev/{VolumeGroup}/{Name}";

    /// <summary>lv_attr character 1 is 's' for a (thick) snapshot.</summary>
    public bool IsSnapshot => Attributes.Length > 0 && Attributes[0] is 's' or 'S';

    /// <summary>lv_attr character 5 is 'a' when the LV is active.</summary>
    public bool IsActive => Attributes.Length > 4 && Attributes[4] == 'a';
}

/// <summary>
/// What to create: a linear or striped LV (striped across every PV of the VG) with our tags, or, when
/// <paramref name="ThinPool"/> names a thin pool of the VG, a thin LV of virtual size <paramref name="SizeBytes"/> in it.
/// </summary>
public sealed record LogicalVolumeSpec(string VolumeGroup, string Name, long SizeBytes, LvmLayout Layout, IReadOnlyList<string> Tags, string? ThinPool = null);

/// <summary>
/// The LVM backend for <see cref="VolumeType.LVM"/> volumes and snapshots. Implementations validate
/// names against lvm2's rules before any call and throw StorageException with InsufficientCapacity,
/// NotFound or Internal (carrying lvm's own message).
/// </summary>
public interface ILogicalVolumes
{
    Task<LogicalVolumeInfo?> FindAsync(string volumeGroup, string name, CancellationToken cancellationToken);

    /// <summary>Creates the LV; sizes are rounded up to the VG extent size.</summary>
    Task<LogicalVolumeInfo> CreateAsync(LogicalVolumeSpec spec, CancellationToken cancellationToken);

    /// <summary>Grows the LV to at least <paramref name="sizeBytes"/>; a smaller size is a no-op.</summary>
    Task<LogicalVolumeInfo> ExtendAsync(string volumeGroup, string name, long sizeBytes, CancellationToken cancellationToken);

    /// <summary>Removes the LV; a missing LV is success. Refused (FailedPrecondition) while snapshots exist or it is protected.</summary>
    Task RemoveIfExistsAsync(string volumeGroup, string name, CancellationToken cancellationToken);

    /// <summary>Creates a thick copy-on-write snapshot <paramref name="snapshotName"/> of <paramref name="origin"/>.</summary>
    Task<LogicalVolumeInfo> CreateSnapshotAsync(string volumeGroup, string origin, string snapshotName, long sizeBytes, IReadOnlyList<string> tags, CancellationToken cancellationToken);
}
