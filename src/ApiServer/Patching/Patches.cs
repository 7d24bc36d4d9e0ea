using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// The three patch formats of the Kubernetes API (ADR-0021): JSON merge patch (RFC 7386), JSON patch (RFC 6902), and
/// strategic merge patch treated as a merge patch that ignores <c>$</c> directives — what kubectl apply/label/annotate
/// need; lists are replaced rather than merged by key.
/// </summary>
public static class Patches
{
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";

    /// <summary>Returns a new document; <paramref name="target"/> is not modified.</summary>
    public static JsonObject Apply(string contentType, JsonObject target, JsonNode patch)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType switch
        {
            MergePatch => Merge(target.DeepClone(), patch, false) as JsonObject ?? throw ApiException.BadRequest("a merge patch must be a JSON object"),
            StrategicMergePatch => Merge(target.DeepClone(), patch, true) as JsonObject ?? throw ApiException.BadRequest("a strategic merge patch must be a JSON object"),
            JsonPatch => ApplyJsonPatch(target.DeepClone().AsObject(), patch as JsonArray ?? throw ApiException.BadRequest("a JSON patch must be an array")),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {JsonPatch}, {MergePatch}, {StrategicMergePatch}"),
        };
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, bool ignoreDirectives)
    {
        if (patch is not JsonObject patchObject)
            return patch?.DeepClone();
        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (ignoreDirectives && key.StartsWith('$'))
                continue;
            if (value is null)
                result.Remove(key);
            else
            {
                var merged = Merge(result[key], value, ignoreDirectives);
                result.Remove(key);
                result[key] = merged;
            }
        }
        return result;
    }

    private static JsonObject ApplyJsonPatch(JsonObject document, JsonArray operations)
    {
        JsonNode root = document;
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.GetValue<string>() ?? throw ApiException.BadRequest("JSON patch operation without \"op\"");
            var path = operation["path"]?.GetValue<string>() ?? throw ApiException.BadRequest("JSON patch operation without \"path\"");
            switch (op)
            {
                case "add":
                    Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, operation["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = operation["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("move without \"from\"");
                        var value = Get(root, from)?.DeepClone();
                        Remove(root, from);
                        Add(root, path, value);
                        break;
                    }
                case "copy":
                    Add(root, path, Get(root, operation["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("copy without \"from\""))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), operation["value"]))
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: test failed at {path}");
                    break;
                default:
                    throw ApiException.BadRequest($"unknown JSON patch operation \"{op}\"");
            }
        }
        return document;
    }

    private static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

    private static JsonNode? Get(JsonNode root, string pointer)
    {
        JsonNode? node = root;
        foreach (var token in Tokens(pointer))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new ApiException(422, "Invalid", $"JSON patch path {pointer} does not exist"),
            };
        }
        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
            throw ApiException.BadRequest("JSON patch cannot replace the whole document");
        var parentPointer = string.Concat(tokens[..^1].Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var parent = Get(root, parentPointer) ?? throw new ApiException(422, "Invalid", $"JSON patch path {pointer} has no parent");
        return (parent, tokens[^1]);
    }

    private static void Add(JsonNode root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                o.Remove(last);
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new ApiException(422, "Invalid", $"JSON patch cannot add at {pointer}");
        }
    }

    private static void Remove(JsonNode root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        var removed = parent switch
        {
            JsonObject o => o.Remove(last),
            JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => RemoveAt(a, i),
            _ => false,
        };
        if (!removed)
            throw new ApiException(422, "Invalid", $"JSON patch path {pointer} does not exist");
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }
}
