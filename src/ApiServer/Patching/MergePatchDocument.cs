using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>JSON merge patch (RFC 7386): objects merge recursively, null deletes, everything else replaces.</summary>
internal static class MergePatchDocument
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
            return patch?.DeepClone();
        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var merged = Apply(result[key], value);
            result.Remove(key);
            result[key] = merged;
        }
        return result;
    }
}
