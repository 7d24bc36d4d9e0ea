using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// The <c>fieldSelector</c> query syntax: <c>path=v</c>, <c>path==v</c>, <c>path!=v</c>, ANDed by commas, over the
/// fields kube-apiserver allows for the kind (<see cref="SelectableFields"/>; others are a 400); a missing field
/// compares as the empty string, like the real server's <c>spec.nodeName=</c>.
/// </summary>
public sealed class FieldSelector
{
    private sealed record Requirement(string[] Path, bool Equal, string Value);

    private readonly IReadOnlyList<Requirement> requirements;

    private FieldSelector(IReadOnlyList<Requirement> requirements) => this.requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        var result = new List<Requirement>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var (at, length, equal) = part.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : part.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : part.IndexOf('=', StringComparison.Ordinal) is var e and > 0 ? (e, 1, true)
                : throw ApiException.BadRequest($"invalid field selector \"{part}\": expected path=value or path!=value");
            var field = part[..at].Trim();
            if (!SelectableFields.Supports(type, field))
                throw ApiException.BadRequest($"field label not supported: {field}");
            result.Add(new Requirement(field.Split('.'), equal, part[(at + length)..].Trim()));
        }
        return new FieldSelector(result);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var r in requirements)
        {
            if (string.Equals(Read(obj, r.Path), r.Value, StringComparison.Ordinal) != r.Equal)
                return false;
        }
        return true;
    }

    private static string Read(JsonObject obj, string[] path)
    {
        JsonNode? node = obj;
        foreach (var segment in path)
            node = node is JsonObject o ? o[segment] : null;
        return node switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }
}
