using System.Globalization;
using System.Text;

namespace OpenLocal.ApiServer;

/// <summary>
/// <c>limit</c>/<c>continue</c> paging of a list (API conventions "Retrieving large results sets in chunks"): at most
/// <c>limit</c> items in key order, a <c>continue</c> token naming the last key and the first page's
/// resourceVersion, and <c>remainingItemCount</c>. Later pages list the objects after that key as they are now
/// (kube-apiserver reads them at the first page's revision from etcd; this store keeps no snapshots), and carry
/// the first page's resourceVersion, so an informer's watch resumes from there and sees every later change.
/// </summary>
public sealed record ListPage(IReadOnlyList<StoredObject> Items, long Revision, string? Continue, long? RemainingItemCount)
{
    public static ListPage Of(IReadOnlyList<StoredObject> all, long revision, string? limitText, string? continueToken)
    {
        var (start, pageRevision) = Decode(continueToken, revision);
        var after = start is null ? all : all.Where(o => string.CompareOrdinal(Key(o), start) > 0).ToArray();
        if (string.IsNullOrEmpty(limitText))
            return new ListPage(after, pageRevision, null, null);
        if (!long.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
            throw ApiException.BadRequest($"invalid limit \"{limitText}\"");
        if (limit <= 0 || after.Count <= limit)
            return new ListPage(after, pageRevision, null, null);
        var page = after.Take((int)Math.Min(limit, int.MaxValue)).ToArray();
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{pageRevision.ToString(CultureInfo.InvariantCulture)}/{Key(page[^1])}"));
        return new ListPage(page, pageRevision, token, after.Count - page.Length);
    }

    private static (string? Start, long Revision) Decode(string? token, long revision)
    {
        if (string.IsNullOrEmpty(token))
            return (null, revision);
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            return (text[(slash + 1)..], long.Parse(text[..slash], NumberStyles.None, CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw ApiException.BadRequest("continue key is not valid: the token was not produced by this server");
        }
    }

    /// <summary>The store order: <c>namespace/name</c> (cluster-scoped: <c>/name</c>), ordinal.</summary>
    private static string Key(StoredObject o) =>
        $"{o.Node["metadata"]?["namespace"]?.GetValue<string>()}/{o.Node["metadata"]?["name"]?.GetValue<string>()}";
}
