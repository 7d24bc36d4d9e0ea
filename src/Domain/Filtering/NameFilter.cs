using System.Text.RegularExpressions;

namespace OpenLocal.Domain.Filtering;

/// <summary>
/// open-local's include/exclude selection (crds.md §1.4): a pattern selects a name only when its
/// first (leftmost, priority-ordered) match starts at 0 and covers the whole name — Go's
/// <c>re.FindString(n) == n</c>, which is not the same as anchoring with ^…$. Empty include selects
/// nothing. Invalid patterns are reported and skipped; the others still apply.
/// </summary>
public static class NameFilter
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public static NameFilterResult Apply(IEnumerable<string> candidates, IReadOnlyList<string>? include, IReadOnlyList<string>? exclude)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var errors = new List<string>();
        var includes = Compile(include, errors);
        var excludes = Compile(exclude, errors);
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in candidates)
        {
            if (AnyWholeMatch(includes, name, errors) && !AnyWholeMatch(excludes, name, errors))
                selected.Add(name);
        }
        return new NameFilterResult([.. selected], errors);
    }

    public static bool WholeMatches(Regex pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        var m = pattern.Match(name);
        return m.Success && m.Index == 0 && m.Length == name.Length;
    }

    private static List<Regex> Compile(IReadOnlyList<string>? patterns, List<string> errors)
    {
        var compiled = new List<Regex>();
        if (patterns is null)
            return compiled;
        foreach (var p in patterns)
        {
            try
            {
                compiled.Add(new Regex(p, RegexOptions.CultureInvariant, MatchTimeout));
            }
            catch (ArgumentException ex)
            {
                errors.Add($"invalid pattern \"{p}\": {ex.Message}");
            }
        }
        return compiled;
    }

    private static bool AnyWholeMatch(List<Regex> patterns, string name, List<string> errors)
    {
        foreach (var p in patterns)
        {
            try
            {
                if (WholeMatches(p, name))
                    return true;
            }
            catch (RegexMatchTimeoutException)
            {
                errors.Add($"pattern \"{p}\" timed out matching \"{name}\"");
            }
        }
        return false;
    }
}

/// <summary>The selected names (sorted ordinally) and a message per pattern that could not be used.</summary>
public sealed record NameFilterResult(IReadOnlyList<string> Selected, IReadOnlyList<string> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}
