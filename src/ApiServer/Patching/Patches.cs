using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// The patch formats of the Kubernetes API (ADR-0021) and which kinds take which: JSON patch and JSON merge patch for
/// every kind, strategic merge patch for the built-in kinds only (kube-apiserver answers 415 for a custom resource,
/// apiextensions-apiserver's crdHandler accepts only the first two), server-side apply not served (ADR-0062).
/// </summary>
public static class Patches
{
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    /// <summary>Returns a new document; <paramref name="target"/> is not modified.</summary>
    public static JsonObject Apply(ResourceType type, string contentType, JsonObject target, JsonNode patch)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        var strategies = PatchStrategies.For(type);
        return mediaType switch
        {
            MergePatch => MergePatchDocument.Apply(target.DeepClone(), patch) as JsonObject ?? throw ApiException.BadRequest("a merge patch must be a JSON object"),
            JsonPatch => JsonPatchDocument.Apply(target.DeepClone().AsObject(), patch as JsonArray ?? throw ApiException.BadRequest("a JSON patch must be an array")),
            StrategicMergePatch when strategies is not null =>
                StrategicMergePatchDocument.Apply(target.DeepClone().AsObject(), patch as JsonObject ?? throw ApiException.BadRequest("a strategic merge patch must be a JSON object"), strategies),
            _ => throw Unsupported(mediaType, strategies is not null),
        };
    }

    /// <summary>Checked before the body is read, as kube-apiserver does, so the answer does not depend on the body.</summary>
    public static void EnsureSupported(ResourceType type, string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        var builtIn = PatchStrategies.For(type) is not null;
        if (mediaType is not (MergePatch or JsonPatch) && !(builtIn && mediaType == StrategicMergePatch))
            throw Unsupported(mediaType, builtIn);
    }

    private static ApiException Unsupported(string mediaType, bool builtIn)
    {
        var accepted = builtIn ? $"{JsonPatch}, {MergePatch}, {StrategicMergePatch}" : $"{JsonPatch}, {MergePatch}";
        var hint = mediaType == ApplyPatch ? " (server-side apply is not served by the embedded API server, ADR-0062: use client-side kubectl apply)" : "";
        return new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {accepted}{hint}");
    }
}
