using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>A VG to create at start: name, size, extent size and the PV paths it claims.</summary>
public sealed record FakeVolumeGroupSeed(string Name, long SizeBytes, IReadOnlyList<string> PhysicalVolumes)
{
    public long ExtentSizeBytes { get; init; } = 4L << 20;
}

/// <summary>A block device the fake node has.</summary>
public sealed record FakeDeviceSeed(string Path, long SizeBytes, MediaType MediaType);

/// <summary>A device formatted with <paramref name="FsType"/> and mounted at <paramref name="Path"/> (under the mount root).</summary>
public sealed record FakeMountPointSeed(string Path, string Device, long SizeBytes, string FsType, MediaType MediaType);

/// <summary>What the fake node holds when it starts (DESIGN: `dev --backend fake` and unit tests).</summary>
public sealed record FakeBackendOptions
{
    public const long GiB = 1L << 30;

    public string NodeName { get; init; } = "node-1";

    public IReadOnlyList<FakeVolumeGroupSeed> VolumeGroups { get; init; } = [];

    /// <summary>Free devices (not PVs, not mounted).</summary>
    public IReadOnlyList<FakeDeviceSeed> Devices { get; init; } = [];

    public IReadOnlyList<FakeMountPointSeed> MountPoints { get; init; } = [];

    /// <summary>
    /// One node with VG <c>open-local-pool-0</c> of 100Gi on /dev/vdb, two free devices (/dev/vdc
    /// ssd 50Gi, /dev/vdd hdd 200Gi) and one mount point /mnt/open-local/disk1 (ext4, 20Gi on /dev/vde).
    /// </summary>
    public static FakeBackendOptions Default { get; } = new()
    {
        VolumeGroups = [new FakeVolumeGroupSeed("open-local-pool-0", 100 * GiB, ["/dev/vdb"])],
        Devices = [new FakeDeviceSeed("/dev/vdc", 50 * GiB, MediaType.Ssd), new FakeDeviceSeed("/dev/vdd", 200 * GiB, MediaType.Hdd)],
        MountPoints = [new FakeMountPointSeed("/mnt/open-local/disk1", "/dev/vde", 20 * GiB, "ext4", MediaType.Hdd)],
    };
}
