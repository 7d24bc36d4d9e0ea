using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// A minimal OpenAPI v3 per group-version, so kubectl's client-side validation (on by default) works: CRD kinds get
/// their <c>openAPIV3Schema</c>, built-in kinds a schema that accepts any fields. Without it kubectl falls back to
/// OpenAPI v2 and refuses to apply unless <c>--validate=false</c>.
/// </summary>
internal static class OpenApi
{
    public static JsonObject Index(ResourceTable table)
    {
        var paths = new JsonObject();
        foreach (var gv in table.All.Select(t => t.GroupVersion).Distinct())
            paths[Path(gv)] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + Path(gv) };
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? Document(ResourceTable table, ObjectStore store, string path)
    {
        var types = table.All.Where(t => Path(t.GroupVersion) == path).ToArray();
        if (types.Length == 0)
            return null;
        var schemas = new JsonObject();
        foreach (var t in types)
        {
            var schema = CrdSchema(store, t) ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind });
            schemas[$"{t.Group}.{t.Version}.{t.Kind}"] = schema;
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.KubernetesVersion },
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static string Path(string groupVersion) => groupVersion.Contains('/', StringComparison.Ordinal) ? "apis/" + groupVersion : "api/" + groupVersion;

    private static JsonObject? CrdSchema(ObjectStore store, ResourceType type)
    {
        if (type == ResourceTable.CustomResourceDefinitions)
            return null;
        StoredObject crd;
        try
        {
            crd = store.Get(ResourceTable.CustomResourceDefinitions, null, $"{type.Plural}.{type.Group}");
        }
        catch (ApiException)
        {
            return null;
        }
        var version = crd.Node["spec"]?["versions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(v => v["name"]?.GetValue<string>() == type.Version);
        return version?["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject();
    }
}
