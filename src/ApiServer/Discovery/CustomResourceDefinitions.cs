using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace OpenLocal.ApiServer;

/// <summary>
/// What makes a CustomResourceDefinition object special: creating or updating one registers its resource in the
/// <see cref="ResourceTable"/> (and marks it Established); deleting it unregisters the resource and removes its objects.
/// </summary>
internal sealed class CustomResourceDefinitions(ResourceTable table, ObjectStore store)
{
    public JsonObject Admit(ResourceType type, JsonObject crd)
    {
        if (type != ResourceTable.CustomResourceDefinitions)
            return crd;
        var versions = ResourceType.FromCustomResourceDefinition(crd);
        if (versions.Count == 0)
            throw ApiException.Invalid("CustomResourceDefinition serves no version");
        var expected = $"{versions[0].Plural}.{versions[0].Group}";
        if (crd["metadata"]?["name"]?.GetValue<string>() != expected)
            throw ApiException.Invalid($"CustomResourceDefinition metadata.name must be spec.names.plural+\".\"+spec.group ({expected})");
        var storage = crd["spec"]?["versions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValue<bool>() == true)?["name"]?.GetValue<string>()
            ?? versions[0].Version;
        var now = ObjectStore.Timestamp(DateTime.UtcNow);
        JsonObject Condition(string condition, string reason) => new()
        {
            ["type"] = condition, ["status"] = "True", ["reason"] = reason, ["message"] = "", ["lastTransitionTime"] = now,
        };
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = crd["spec"]!["names"]!.DeepClone(),
            ["storedVersions"] = new JsonArray(storage),
            ["conditions"] = new JsonArray(Condition("NamesAccepted", "NoConflicts"), Condition("Established", "InitialNamesAccepted")),
        };
        return crd;
    }

    public void Committed(ResourceType type, JsonObject crd, bool deleted)
    {
        if (type != ResourceTable.CustomResourceDefinitions)
            return;
        var versions = ResourceType.FromCustomResourceDefinition(crd);
        if (!deleted)
        {
            table.Register(versions);
            return;
        }
        if (versions.Count > 0)
        {
            store.Purge(versions[0]);
            table.Unregister(versions[0].Group, versions[0].Plural);
        }
    }

    /// <summary>Reads every CustomResourceDefinition in a YAML file or in the *.yaml/*.yml files of a directory.</summary>
    public static async Task<IReadOnlyList<JsonObject>> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray()
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"no CRD manifest file or directory at {path}", path);
        var result = new List<JsonObject>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var document in await KubernetesYaml.LoadAllFromFileAsync(file).ConfigureAwait(false))
            {
                if (document is V1CustomResourceDefinition crd)
                    result.Add(JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject());
            }
        }
        return result;
    }
}
