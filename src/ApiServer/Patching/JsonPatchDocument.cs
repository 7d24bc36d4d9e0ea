using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// JSON patch (RFC 6902) as kube-apiserver applies it: with evanphx/json-patch v4, whose <c>replace</c> of a missing
/// object member sets it (partialDoc.set; RFC 6902 says it must fail). external-snapshotter depends on that
/// (<c>replace /metadata/annotations</c> on a VolumeSnapshotContent that has none, issue 15 item 1). Every other
/// failure (missing parent, index out of range, failed <c>test</c>) is a 422.
/// </summary>
internal static class JsonPatchDocument
{
    public static JsonObject Apply(JsonObject document, JsonArray operations)
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
                    Replace(root, path, operation["value"]?.DeepClone());
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
                        throw Unprocessable($"testing value {path} failed");
                    break;
                default:
                    throw ApiException.BadRequest($"unknown JSON patch operation \"{op}\"");
            }
        }
        return document;
    }

    private static ApiException Unprocessable(string message) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: {message}");

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
                JsonArray a when Index(token, a.Count) is { } i => a[i],
                _ => throw Unprocessable($"doc is missing path: \"{pointer}\""),
            };
        }
        return node;
    }

    private static int? Index(string token, int count) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < count ? i : null;

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
            throw ApiException.BadRequest("JSON patch cannot replace the whole document");
        var parentPointer = string.Concat(tokens[..^1].Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var parent = Get(root, parentPointer) ?? throw Unprocessable($"doc is missing path: \"{pointer}\"");
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
                throw Unprocessable($"unable to add at \"{pointer}\"");
        }
    }

    private static void Replace(JsonNode root, string pointer, JsonNode? value)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o:
                // evanphx/json-patch v4: a missing member is set, not refused.
                o.Remove(last);
                o[last] = value;
                break;
            case JsonArray a when Index(last, a.Count) is { } i:
                a[i] = value;
                break;
            default:
                throw Unprocessable($"replace operation does not apply: doc is missing key: \"{pointer}\"");
        }
    }

    private static void Remove(JsonNode root, string pointer)
    {
        var (parent, last) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject o when o.Remove(last):
                break;
            case JsonArray a when Index(last, a.Count) is { } i:
                a.RemoveAt(i);
                break;
            default:
                throw Unprocessable($"unable to remove nonexistent key: \"{pointer}\"");
        }
    }
}
