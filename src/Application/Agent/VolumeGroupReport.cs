using OpenLocal.Application.Ports;

namespace OpenLocal.Application.Agent;

/// <summary>
/// The agent's one lvm report per cycle (DESIGN "hot paths", node-agent.md §3.1): initialisation and
/// discovery of the same cycle share it; a mutation marks it stale so the next read is fresh, and
/// discovery marks it stale after use so every cycle starts from a new report.
/// </summary>
public sealed class VolumeGroupReport(IVolumeGroups volumeGroups)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<VolumeGroupInfo>? _current;

    public async Task<IReadOnlyList<VolumeGroupInfo>> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_current is not null)
                return _current;
        }
        var fresh = await volumeGroups.ListAsync(cancellationToken);
        lock (_gate)
            _current = fresh;
        return fresh;
    }

    public void MarkStale()
    {
        lock (_gate)
            _current = null;
    }
}
