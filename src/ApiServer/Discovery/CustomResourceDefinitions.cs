using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace OpenLocal.ApiServer;

/// <summary>
/// What makes a CustomResourceDefinition object special: creating or updating one registers its resource in the
/// <see cref="ResourceTable"/> (and marks it Established); deleting it unregisters the resource and removes its objects.
/// </summary>
internal sealed partial class CustomResourceDefinitions(ResourceTable table, ObjectStore store)
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

    /// <summary>
    /// Reads every CustomResourceDefinition in a YAML file or in the *.yaml/*.yml files of a directory. Other documents
    /// (a kustomization.yaml, a Namespace, ...) are skipped with a log line, so a manifest directory works as given
    /// (issue 15 item 8); a document that is not YAML at all still fails the start with its file named.
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> LoadAsync(string path, ILogger logger, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray()
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"no CRD manifest file or directory at {path}", path);
        var result = new List<JsonObject>();
        foreach (var file in files)
            result.AddRange(Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), file, logger));
        return result;
    }

    /// <summary>The CRDs shipped inside this assembly (Discovery/Bundled): the snapshot.storage.k8s.io/v1 kinds.</summary>
    public static IReadOnlyList<JsonObject> LoadBundled(ILogger logger)
    {
        var assembly = typeof(CustomResourceDefinitions).Assembly;
        var result = new List<JsonObject>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Bundled/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            result.AddRange(Parse(reader.ReadToEnd(), name, logger));
        }
        return result;
    }

    private static IEnumerable<JsonObject> Parse(string text, string source, ILogger logger)
    {
        var index = 0;
        foreach (var document in DocumentSeparator().Split(text))
        {
            index++;
            if (string.IsNullOrWhiteSpace(document) || document.Split('\n').All(l => l.TrimStart().StartsWith('#') || l.Trim().Length == 0))
                continue;
            KubernetesObject? head;
            try
            {
                head = KubernetesYaml.Deserialize<KubernetesObject>(document);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new InvalidDataException($"{source}: document {index} is not valid YAML: {e.Message}", e);
            }
            if (head is not { ApiVersion: "apiextensions.k8s.io/v1", Kind: "CustomResourceDefinition" })
            {
                Log.SkippedDocument(logger, source, index, head?.ApiVersion ?? "", head?.Kind ?? "");
                continue;
            }
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(document);
            yield return JsonNode.Parse(KubernetesJson.Serialize(crd))!.AsObject();
        }
    }

    [GeneratedRegex(@"^---[^\n]*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
