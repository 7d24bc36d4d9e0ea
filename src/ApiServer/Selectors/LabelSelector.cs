using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// The <c>labelSelector</c> query syntax: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>,
/// <c>k</c> (exists), <c>!k</c> (does not exist); requirements separated by commas are ANDed.
/// </summary>
public sealed class LabelSelector
{
    private enum Operator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

    private sealed record Requirement(string Key, Operator Op, IReadOnlySet<string> Values);

    private readonly IReadOnlyList<Requirement> requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        var result = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
            result.Add(ParseRequirement(part.Trim()));
        return new LabelSelector(result);
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var r in requirements)
        {
            var has = labels is not null && labels.TryGetPropertyValue(r.Key, out var node) && node is not null;
            var value = has ? labels![r.Key]!.GetValue<string>() : null;
            var ok = r.Op switch
            {
                Operator.Equals => value is not null && r.Values.Contains(value),
                Operator.NotEquals => value is null || !r.Values.Contains(value),
                Operator.In => value is not null && r.Values.Contains(value),
                Operator.NotIn => value is null || !r.Values.Contains(value),
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                _ => false,
            };
            if (!ok)
                return false;
        }
        return true;
    }

    private static Requirement ParseRequirement(string part)
    {
        if (part.Length == 0)
            throw ApiException.BadRequest("empty label selector requirement");
        if (part[0] == '!')
            return new Requirement(part[1..].Trim(), Operator.DoesNotExist, new HashSet<string>());
        foreach (var (token, op) in new[] { ("!=", Operator.NotEquals), ("==", Operator.Equals), ("=", Operator.Equals) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
                return new Requirement(part[..at].Trim(), op, new HashSet<string> { part[(at + token.Length)..].Trim() });
        }
        var paren = part.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0 && part.EndsWith(')'))
        {
            var head = part[..paren].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (head.Length == 2 && head[1] is "in" or "notin")
            {
                var values = part[(paren + 1)..^1].Split(',').Select(v => v.Trim()).ToHashSet();
                return new Requirement(head[0], head[1] == "in" ? Operator.In : Operator.NotIn, values);
            }
        }
        if (part.Contains(' ', StringComparison.Ordinal) || part.Contains('(', StringComparison.Ordinal))
            throw ApiException.BadRequest($"unable to parse label selector requirement \"{part}\"");
        return new Requirement(part, Operator.Exists, new HashSet<string>());
    }

    /// <summary>Splits on commas outside parentheses (the value lists of in/notin).</summary>
    internal static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
                depth++;
            else if (text[i] == ')')
                depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
