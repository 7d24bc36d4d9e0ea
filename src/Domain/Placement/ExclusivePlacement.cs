using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Placement;

/// <summary>A request for one whole exclusive resource; a null media type accepts any media.</summary>
public sealed record ExclusiveClaim(string Key, long SizeBytes, MediaType? MediaType);

/// <summary>
/// Min-fit matching of claims to exclusive resources (extender.md §4.3): per media type, claims by
/// size ascending take the smallest remaining free resource that fits; claims without a media type
/// go last against everything still free. Succeeds only if every claim got a resource, so the
/// open-local over-commit (devices [1G,10G], claims [5G,6G] reported as fitting) cannot happen.
/// </summary>
public static class ExclusivePlacement
{
    /// <returns>claim key → resource, or null when at least one claim cannot be placed.</returns>
    public static IReadOnlyDictionary<string, T>? Assign<T>(IReadOnlyList<T> resources, IReadOnlyList<ExclusiveClaim> claims)
        where T : ExclusiveResource
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(claims);
        var result = new Dictionary<string, T>(claims.Count, StringComparer.Ordinal);
        if (claims.Count == 0)
            return result;

        var free = new List<T>(resources.Count);
        foreach (var r in resources)
        {
            if (r.IsFree)
                free.Add(r);
        }
        free.Sort(static (a, b) => a.CapacityBytes != b.CapacityBytes
            ? a.CapacityBytes.CompareTo(b.CapacityBytes)
            : string.CompareOrdinal(a.Path, b.Path));

        var ordered = new List<ExclusiveClaim>(claims);
        // Media-specific claims first (ssd, hdd), then the "any media" ones; each group by size ascending.
        ordered.Sort(static (a, b) =>
        {
            var ga = a.MediaType.HasValue ? (int)a.MediaType.Value : int.MaxValue;
            var gb = b.MediaType.HasValue ? (int)b.MediaType.Value : int.MaxValue;
            if (ga != gb)
                return ga.CompareTo(gb);
            return a.SizeBytes != b.SizeBytes ? a.SizeBytes.CompareTo(b.SizeBytes) : string.CompareOrdinal(a.Key, b.Key);
        });

        foreach (var claim in ordered)
        {
            var index = free.FindIndex(r => r.CapacityBytes >= claim.SizeBytes && (claim.MediaType is null || r.MediaType == claim.MediaType));
            if (index < 0)
                return null;
            result[claim.Key] = free[index];
            free.RemoveAt(index);
        }
        return result;
    }
}
