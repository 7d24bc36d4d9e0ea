using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Hosts.Extender.Tests.Scheduling;

/// <summary>Builds <see cref="NodeSnapshot"/>s for tests: ledger usage comes from real volume records.</summary>
internal sealed class NodeBuilder(string name)
{
    public const long Gi = 1L << 30;

    private readonly List<ReportedVolumeGroup> _vgs = [];
    private readonly List<ReportedDevice> _devices = [];
    private readonly List<ReportedMountPoint> _mountPoints = [];
    private readonly List<VolumeRecord> _volumes = [];
    private bool _spdk;

    public NodeBuilder Vg(string vg, long capacity, long used = 0)
    {
        _vgs.Add(new ReportedVolumeGroup(vg, capacity));
        if (used > 0)
            Hold(VolumeType.LVM, vg, used);
        return this;
    }

    public NodeBuilder Device(string device, long capacity, MediaType? media = MediaType.Hdd, bool taken = false)
    {
        _devices.Add(new ReportedDevice(device, capacity, media));
        if (taken)
            Hold(VolumeType.Device, device, capacity);
        return this;
    }

    public NodeBuilder MountPoint(string path, long capacity, MediaType? media = MediaType.Hdd, string fsType = "ext4", bool taken = false)
    {
        _mountPoints.Add(new ReportedMountPoint(path, capacity, capacity, fsType, "/dev/x" + _mountPoints.Count, media));
        if (taken)
            Hold(VolumeType.MountPoint, path, capacity);
        return this;
    }

    public NodeBuilder Spdk()
    {
        _spdk = true;
        return this;
    }

    public NodeSnapshot Build() =>
        NodeSnapshot.Build(new NodeStorageReport(name, _spdk, _vgs, _devices, _mountPoints), _volumes, []);

    private void Hold(VolumeType type, string pool, long bytes) =>
        _volumes.Add(new VolumeRecord
        {
            VolumeId = $"{name}-{pool}-{_volumes.Count}",
            FromLocalVolume = new VolumeRecord.LedgerSource(name, type, pool, bytes),
        });
}

internal static class Demand
{
    public static StorageDemand Lvm(string key, long size, string? vg = null) =>
        new() { Key = key, Type = VolumeType.LVM, SizeBytes = size, VolumeGroup = vg };

    public static StorageDemand Inline(string key, long size, string vg) =>
        new() { Key = key, Type = VolumeType.LVM, SizeBytes = size, VolumeGroup = vg, Inline = true };

    public static StorageDemand Device(string key, long size, MediaType? media = MediaType.Hdd) =>
        new() { Key = key, Type = VolumeType.Device, SizeBytes = size, Media = media };

    public static StorageDemand MountPoint(string key, long size, MediaType? media = MediaType.Hdd) =>
        new() { Key = key, Type = VolumeType.MountPoint, SizeBytes = size, Media = media };
}
