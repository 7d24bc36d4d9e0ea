using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Throttling;

namespace OpenLocal.Infrastructure.Device.Throttling;

/// <summary>Per-volume IO limits in the pod's cgroup, v1 blkio or v2 io.max (throttling.md).</summary>
public sealed class CgroupIoThrottles(DeviceTools tools, DeviceOptions options) : IIoThrottles
{
    public async Task ApplyAsync(ThrottleTarget target, IoThrottle limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.IsUnlimited)
        {
            await RemoveAsync(target, cancellationToken);
            return;
        }
        var hierarchy = CgroupHierarchy.Detect(options.CgroupRootPath);
        // kubelet creates the pod cgroup before it mounts volumes; if it is not there yet, kubelet's retry will find it (§1).
        var directory = PodCgroups.Find(hierarchy.ControllerDirectory, target.PodUid, options.CgroupDriver)
            ?? throw StorageException.Unavailable($"cgroup of pod {target.PodUid} not found under {hierarchy.ControllerDirectory}; retry once kubelet created it");
        var device = await DeviceOfAsync(target.DevicePath, cancellationToken)
            ?? throw StorageException.NotFound($"device {target.DevicePath} of volume {target.VolumeId} does not exist");
        if (hierarchy.Version == CgroupVersion.V1)
            BlkioV1Limits.Apply(directory, device, limits);
        else
            IoMaxLimits.Apply(directory, device, limits);
    }

    public async Task RemoveAsync(ThrottleTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var hierarchy = CgroupHierarchy.Detect(options.CgroupRootPath);
        // A pod cgroup or device that is already gone took its rules with it (throttling.md §7).
        var directory = PodCgroups.Find(hierarchy.ControllerDirectory, target.PodUid, options.CgroupDriver);
        if (directory is null)
            return;
        var device = await DeviceOfAsync(target.DevicePath, cancellationToken);
        if (device is null)
            return;
        if (hierarchy.Version == CgroupVersion.V1)
            BlkioV1Limits.Remove(directory, device.Value);
        else if (File.Exists(Path.Combine(directory, IoMaxLimits.File)))
            IoMaxLimits.Remove(directory, device.Value);
    }

    private async Task<DeviceNumber?> DeviceOfAsync(string devicePath, CancellationToken cancellationToken)
    {
        var stat = await tools.StatAsync(devicePath, cancellationToken);
        if (stat is null)
            return null;
        if (!stat.Value.IsBlockDevice)
            throw StorageException.FailedPrecondition($"{devicePath} is not a block device; only block devices can be throttled");
        return stat.Value.Device;
    }
}
