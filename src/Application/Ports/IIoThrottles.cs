using OpenLocal.Domain.Throttling;

namespace OpenLocal.Application.Ports;

/// <summary>Which device to limit for which pod (major:minor decoded from the device's dev_t).</summary>
public sealed record ThrottleTarget(string VolumeId, string DevicePath, string PodUid);

/// <summary>Per-volume IO limits in the pod's cgroup (blkio v1 or io.max v2).</summary>
public interface IIoThrottles
{
    Task ApplyAsync(ThrottleTarget target, IoThrottle limits, CancellationToken cancellationToken);

    /// <summary>Removes the limits this volume installed; nothing installed is success.</summary>
    Task RemoveAsync(ThrottleTarget target, CancellationToken cancellationToken);
}
