using OpenLocal.Domain.Pools;

namespace OpenLocal.Domain.Placement;

/// <summary>Chooses a VG for an LVM volume (csi.md §5.1 pool choice; extender.md §5.1).</summary>
public static class VolumeGroupPlacement
{
    /// <summary>
    /// With <paramref name="pinnedVolumeGroup"/>: that VG if it is listed and fits. Otherwise among VGs
    /// with free >= size: binpack takes the least free, spread the most free; ties by name (ordinal).
    /// Returns null when nothing fits.
    /// </summary>
    public static VolumeGroupPool? Choose(
        IReadOnlyList<VolumeGroupPool> pools, long sizeBytes, PlacementStrategy strategy, string? pinnedVolumeGroup = null)
    {
        ArgumentNullException.ThrowIfNull(pools);
        VolumeGroupPool? best = null;
        foreach (var pool in pools)
        {
            if (pinnedVolumeGroup is not null && pool.Name != pinnedVolumeGroup)
                continue;
            if (!pool.Fits(sizeBytes))
                continue;
            if (best is null || IsBetter(pool, best, strategy))
                best = pool;
        }
        return best;
    }

    private static bool IsBetter(VolumeGroupPool candidate, VolumeGroupPool current, PlacementStrategy strategy)
    {
        if (candidate.FreeBytes != current.FreeBytes)
        {
            return strategy == PlacementStrategy.Binpack
                ? candidate.FreeBytes < current.FreeBytes
                : candidate.FreeBytes > current.FreeBytes;
        }
        return string.CompareOrdinal(candidate.Name, current.Name) < 0;
    }
}
