namespace OpenLocal.Hosts.Extender.Cache;

/// <summary>
/// One instance per distinct node or pool name the cache keeps. Every LocalVolume and PV decoded
/// from the API server brings its own copies of these strings; at 100,000 volumes keeping them
/// all costs ~20 MiB (docs/benchmarks.md, "Where the memory goes"). The set only grows with the
/// number of distinct names (nodes × pools), not with volumes. Writer-side only (under the
/// cache's writer gate).
/// </summary>
internal sealed class SharedStrings
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);

    public string Get(string value)
    {
        if (_strings.TryGetValue(value, out var existing))
            return existing;
        _strings.Add(value);
        return value;
    }
}
