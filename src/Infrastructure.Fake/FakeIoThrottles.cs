using OpenLocal.Application.Ports;
using OpenLocal.Domain.Throttling;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>Records the limits each volume installed for each pod, as blkio/io.max would hold them.</summary>
public sealed class FakeIoThrottles : IIoThrottles
{
    private readonly Lock _sync = new();
    private readonly Dictionary<(string VolumeId, string PodUid), (ThrottleTarget Target, IoThrottle Limits)> _applied = [];

    public FaultInjector Faults { get; } = new();

    public async Task ApplyAsync(ThrottleTarget target, IoThrottle limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(limits);
        await Faults.BeforeCallAsync(nameof(ApplyAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            _applied[(target.VolumeId, target.PodUid)] = (target, limits);
    }

    public async Task RemoveAsync(ThrottleTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        await Faults.BeforeCallAsync(nameof(RemoveAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            _applied.Remove((target.VolumeId, target.PodUid));
    }

    /// <summary>The limits currently installed for a volume in a pod, or null.</summary>
    public IoThrottle? Find(string volumeId, string podUid)
    {
        lock (_sync)
            return _applied.TryGetValue((volumeId, podUid), out var entry) ? entry.Limits : null;
    }
}
