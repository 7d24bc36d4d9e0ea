using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>
/// The state of one fake node, shared by every fake port: block devices and their filesystem
/// signatures, VGs with LVs, the mount table and publish targets. One lock guards it all, so every
/// port call is atomic and the outcome of a sequence of calls does not depend on thread timing.
/// </summary>
public sealed class FakeMachine
{
    internal readonly Lock Sync = new();
    internal readonly SortedDictionary<string, FakeDevice> Devices = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, FakeFilesystem> Filesystems = new(StringComparer.Ordinal);
    internal readonly SortedDictionary<string, FakeVolumeGroup> VolumeGroups = new(StringComparer.Ordinal);
    internal readonly List<MountInfo> Mounts = [];
    internal readonly Dictionary<string, TargetKind> Targets = new(StringComparer.Ordinal);

    public FakeMachine(FakeBackendOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Time = time ?? TimeProvider.System;
        foreach (var vg in options.VolumeGroups)
        {
            foreach (var pv in vg.PhysicalVolumes)
            {
                Devices[pv] = new FakeDevice(pv, vg.SizeBytes / Math.Max(1, vg.PhysicalVolumes.Count), MediaType.Hdd);
                Filesystems[pv] = new FakeFilesystem("LVM2_member", 0);
            }
            VolumeGroups[vg.Name] = new FakeVolumeGroup(vg.Name, vg.SizeBytes, vg.ExtentSizeBytes, [.. vg.PhysicalVolumes]);
        }
        foreach (var device in options.Devices)
            Devices[device.Path] = new FakeDevice(device.Path, device.SizeBytes, device.MediaType);
        foreach (var mp in options.MountPoints)
        {
            Devices[mp.Device] = new FakeDevice(mp.Device, mp.SizeBytes, mp.MediaType);
            Filesystems[mp.Device] = new FakeFilesystem(mp.FsType, mp.SizeBytes);
            Targets[mp.Path] = TargetKind.Directory;
            Mounts.Add(new MountInfo(mp.Device, mp.Path, mp.FsType, ["rw"], false, "/"));
        }
    }

    public FakeBackendOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>Size of a block device node: a disk or an LV; null when no such node exists.</summary>
    internal long? BlockDeviceSize(string path)
    {
        if (Devices.TryGetValue(path, out var device))
            return device.SizeBytes;
        var lv = FindLogicalVolume(path);
        return lv?.SizeBytes;
    }

    internal FakeLogicalVolume? FindLogicalVolume(string devicePath)
    {
        // /dev/<vg>/<lv>
        var parts = devicePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0] != "dev")
            return null;
        return VolumeGroups.TryGetValue(parts[1], out var vg) && vg.LogicalVolumes.TryGetValue(parts[2], out var lv) ? lv : null;
    }

    internal bool IsMountSource(string path) => Mounts.Exists(m => m.Source == path);

    internal bool IsPhysicalVolume(string path)
    {
        foreach (var vg in VolumeGroups.Values)
        {
            if (vg.PhysicalVolumes.Contains(path))
                return true;
        }
        return false;
    }

    internal FakeVolumeGroup RequireVolumeGroup(string name) =>
        VolumeGroups.TryGetValue(name, out var vg)
            ? vg
            : throw StorageException.NotFound($"Volume group \"{name}\" not found");

    /// <summary>Puts a filesystem (or any signature) on a device, as if someone ran mkfs outside OpenLocal.</summary>
    public void SetSignature(string devicePath, string type)
    {
        lock (Sync)
            Filesystems[devicePath] = new FakeFilesystem(type, BlockDeviceSize(devicePath) ?? 0);
    }

    /// <summary>Adds an LV that OpenLocal did not create (a foreign LV that reduces allocatable).</summary>
    public void AddForeignLogicalVolume(string volumeGroup, string name, long sizeBytes, params string[] tags)
    {
        lock (Sync)
        {
            var vg = RequireVolumeGroup(volumeGroup);
            vg.LogicalVolumes[name] = new FakeLogicalVolume(volumeGroup, name, vg.RoundUp(sizeBytes), null, [.. tags]);
        }
    }

    /// <summary>Sets how full a mounted filesystem is (for stats and mount-point capacity).</summary>
    public void SetUsedBytes(string devicePath, long usedBytes)
    {
        lock (Sync)
        {
            if (!Filesystems.TryGetValue(devicePath, out var fs))
                throw StorageException.NotFound($"{devicePath} has no filesystem");
            Filesystems[devicePath] = fs with { UsedBytes = usedBytes };
        }
    }

    /// <summary>The logical volumes of a VG as lvm would report them (for assertions).</summary>
    public IReadOnlyList<LogicalVolumeInfo> LogicalVolumesOf(string volumeGroup)
    {
        lock (Sync)
            return [.. RequireVolumeGroup(volumeGroup).LogicalVolumes.Values.Select(lv => lv.ToInfo(VolumeGroups[volumeGroup]))];
    }

    /// <summary>The current mount table (for assertions).</summary>
    public IReadOnlyList<MountInfo> MountTable
    {
        get
        {
            lock (Sync)
                return [.. Mounts];
        }
    }
}

internal sealed record FakeDevice(string Path, long SizeBytes, MediaType MediaType)
{
    public bool ReadOnly { get; init; }
}

/// <summary>A signature on a device: a filesystem type with its size, or e.g. "LVM2_member".</summary>
internal sealed record FakeFilesystem(string Type, long SizeBytes)
{
    public long UsedBytes { get; init; }
}

internal sealed class FakeVolumeGroup(string name, long sizeBytes, long extentSizeBytes, List<string> physicalVolumes)
{
    public string Name { get; } = name;
    public long SizeBytes { get; set; } = sizeBytes;
    public long ExtentSizeBytes { get; } = extentSizeBytes;
    public List<string> PhysicalVolumes { get; } = physicalVolumes;
    public SortedDictionary<string, FakeLogicalVolume> LogicalVolumes { get; } = new(StringComparer.Ordinal);

    public long FreeBytes => SizeBytes - LogicalVolumes.Values.Sum(lv => lv.SizeBytes);

    public long RoundUp(long bytes) => (bytes + ExtentSizeBytes - 1) / ExtentSizeBytes * ExtentSizeBytes;

    public bool HasSnapshots(string origin) => LogicalVolumes.Values.Any(lv => lv.Origin == origin);

    public VolumeGroupInfo ToInfo() => new(
        Name, SizeBytes, FreeBytes, ExtentSizeBytes, [.. PhysicalVolumes],
        [.. LogicalVolumes.Values.Select(lv => lv.ToInfo(this))], [], false);
}

internal sealed record FakeLogicalVolume(string VolumeGroup, string Name, long SizeBytes, string? Origin, IReadOnlyList<string> Tags)
{
    public LogicalVolumeInfo ToInfo(FakeVolumeGroup vg)
    {
        // lv_attr as lvm2 prints it for active thick LVs: (o)rigin, (s)napshot or plain (-).
        var kind = Origin is not null ? 's' : vg.HasSnapshots(Name) ? 'o' : '-';
        var attributes = $"{kind}wi-a-----";
        return new LogicalVolumeInfo(VolumeGroup, Name, SizeBytes, attributes, Origin, null, Origin is null ? null : 0.0, Tags);
    }
}
