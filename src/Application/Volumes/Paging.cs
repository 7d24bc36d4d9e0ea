using System.Globalization;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Application.Volumes;

/// <summary>CSI list pagination (csi.md §5.6): the token is the decimal index of the next entry; a bad token is Aborted.</summary>
public static class Paging
{
    public static (IReadOnlyList<T> Page, string? NextToken) Take<T>(IReadOnlyList<T> sorted, int maxEntries, string? startingToken)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var start = 0;
        if (!string.IsNullOrEmpty(startingToken)
            && (!int.TryParse(startingToken, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > sorted.Count))
        {
            throw new StorageException(FailureKind.Aborted, $"starting_token \"{startingToken}\" is not valid: start again without a token");
        }
        var count = maxEntries > 0 ? Math.Min(maxEntries, sorted.Count - start) : sorted.Count - start;
        var page = sorted.Skip(start).Take(count).ToList();
        var next = start + count < sorted.Count ? (start + count).ToString(CultureInfo.InvariantCulture) : null;
        return (page, next);
    }
}
