using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>A printer column of a resource (CRD <c>additionalPrinterColumns</c>), rendered for <c>kubectl get</c>.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath);

/// <summary>
/// One served resource: everything the embedded API server knows about a kind. Built-in kinds and CRD-registered kinds
/// are the same record, so the HTTP layer and the store have no per-resource code (ADR-0021).
/// </summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    bool HasStatus,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<PrinterColumn> PrinterColumns)
{
    /// <summary><c>v1</c> for the core group, else <c>group/version</c>.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Storage identity shared by every served version of the same resource.</summary>
    public string StorageKey => $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    /// <summary>A kind of kube-apiserver itself (not from a CRD): strategic merge patch and per-kind validation apply.</summary>
    public bool IsBuiltIn { get; init; }

    /// <summary>The rule object names of this kind follow (DNS-1123 subdomain unless upstream says otherwise).</summary>
    public NameRule Names { get; init; } = NameRule.Dns1123Subdomain;

    /// <summary>A custom resource version's openAPIV3Schema (validation, pruning, defaulting); null for built-in kinds.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary><c>Kind</c> for the core group, else <c>Kind.group</c>, as in kube-apiserver's error messages.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public static ResourceType BuiltIn(string group, string version, string kind, string plural, bool namespaced, bool hasStatus, params string[] shortNames) =>
        new(group, version, kind, plural, kind.ToLowerInvariant(), namespaced, hasStatus, shortNames, []) { IsBuiltIn = true };

    /// <summary>The store key of an object: <c>namespace/name</c> or <c>name</c>.</summary>
    public string ObjectKey(string? ns, string name) => Namespaced ? $"{ns}/{name}" : name;

    /// <summary>Reads a CRD object's served versions as resource types (apiextensions.k8s.io/v1 shape).</summary>
    public static IReadOnlyList<ResourceType> FromCustomResourceDefinition(JsonObject crd)
    {
        var spec = crd["spec"]?.AsObject() ?? throw ApiException.Invalid("CustomResourceDefinition has no spec");
        var names = spec["names"]?.AsObject() ?? throw ApiException.Invalid("CustomResourceDefinition has no spec.names");
        var group = spec["group"]?.GetValue<string>() ?? throw ApiException.Invalid("CustomResourceDefinition has no spec.group");
        var kind = names["kind"]?.GetValue<string>() ?? throw ApiException.Invalid("CustomResourceDefinition has no spec.names.kind");
        var plural = names["plural"]?.GetValue<string>() ?? throw ApiException.Invalid("CustomResourceDefinition has no spec.names.plural");
        var singular = names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant();
        var shortNames = names["shortNames"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];
        var namespaced = !string.Equals(spec["scope"]?.GetValue<string>(), "Cluster", StringComparison.Ordinal);
        var result = new List<ResourceType>();
        foreach (var version in spec["versions"]?.AsArray() ?? [])
        {
            if (version is not JsonObject v || v["served"]?.GetValue<bool>() == false)
                continue;
            var columns = (v["additionalPrinterColumns"]?.AsArray() ?? [])
                .OfType<JsonObject>()
                .Select(c => new PrinterColumn(
                    c["name"]?.GetValue<string>() ?? "",
                    c["type"]?.GetValue<string>() ?? "string",
                    c["jsonPath"]?.GetValue<string>() ?? ""))
                .ToArray();
            result.Add(new ResourceType(group, v["name"]!.GetValue<string>(), kind, plural, singular, namespaced,
                v["subresources"]?["status"] is not null, shortNames, columns)
            {
                Schema = v["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
            });
        }
        return result;
    }
}
