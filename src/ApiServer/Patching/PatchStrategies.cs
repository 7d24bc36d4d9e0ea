namespace OpenLocal.ApiServer;

/// <summary>How strategic merge patch merges one list field: by a merge key (lists of objects) or as a set (primitives).</summary>
public sealed record ListStrategy(string? MergeKey);

/// <summary>
/// The <c>patchStrategy:"merge"</c> / <c>patchMergeKey</c> tags of the upstream API types (k8s.io/api core/v1, apps/v1,
/// storage/v1 types.go; apimachinery meta/v1 ObjectMeta) for the built-in kinds served, by dotted field path (list
/// elements add no segment). A list not named here is atomic and replaced whole, as upstream. Custom resources have
/// none: kube-apiserver refuses strategic merge for them (415), so <see cref="For"/> returns null.
/// </summary>
public static class PatchStrategies
{
    private static readonly IReadOnlyDictionary<string, ListStrategy> Metadata = new Dictionary<string, ListStrategy>(StringComparer.Ordinal)
    {
        ["metadata.finalizers"] = new(null),
        ["metadata.ownerReferences"] = new("uid"),
    };

    private static readonly (string Path, string? Key)[] PodSpec =
    [
        ("volumes", "name"),
        ("initContainers", "name"),
        ("containers", "name"),
        ("ephemeralContainers", "name"),
        ("imagePullSecrets", "name"),
        ("hostAliases", "ip"),
        ("topologySpreadConstraints", "topologyKey"),
        ("schedulingGates", "name"),
        ("resourceClaims", "name"),
    ];

    private static readonly (string Path, string? Key)[] Container =
    [
        ("ports", "containerPort"),
        ("env", "name"),
        ("volumeMounts", "mountPath"),
        ("volumeDevices", "devicePath"),
    ];

    private static readonly IReadOnlyDictionary<string, ListStrategy> Pods = With(Pod("spec."), ("status.conditions", "type"), ("status.podIPs", "ip"), ("status.hostIPs", "ip"));

    private static readonly IReadOnlyDictionary<string, ListStrategy> WithConditions = With([], ("status.conditions", "type"));

    private static readonly IReadOnlyDictionary<string, ListStrategy> Workloads = With(Pod("spec.template.spec."), ("status.conditions", "type"));

    private static readonly IReadOnlyDictionary<string, ListStrategy> Nodes = With([], ("status.conditions", "type"), ("status.addresses", "type"));

    private static readonly IReadOnlyDictionary<string, ListStrategy> CsiNodes = With([], ("spec.drivers", "name"));

    private static readonly IReadOnlyDictionary<string, ListStrategy> MetadataOnly = With([]);

    /// <summary>The list strategies of a built-in kind; null for a custom resource.</summary>
    public static IReadOnlyDictionary<string, ListStrategy>? For(ResourceType type)
    {
        if (!type.IsBuiltIn)
            return null;
        return (type.Group, type.Kind) switch
        {
            ("", "Pod") => Pods,
            ("", "Node") => Nodes,
            ("", "PersistentVolumeClaim" or "Namespace") => WithConditions,
            ("apps", _) => Workloads,
            ("storage.k8s.io", "CSINode") => CsiNodes,
            ("apiextensions.k8s.io", _) => WithConditions,
            _ => MetadataOnly,
        };
    }

    private static (string Path, string? Key)[] Pod(string prefix) =>
    [
        .. PodSpec.Select(p => (prefix + p.Path, p.Key)),
        .. new[] { "containers", "initContainers", "ephemeralContainers" }.SelectMany(c => Container.Select(f => ($"{prefix}{c}.{f.Path}", f.Key))),
    ];

    private static Dictionary<string, ListStrategy> With((string Path, string? Key)[] lists, params (string Path, string? Key)[] more)
    {
        var result = new Dictionary<string, ListStrategy>(Metadata, StringComparer.Ordinal);
        foreach (var (path, key) in lists.Concat(more))
            result[path] = new ListStrategy(key);
        return result;
    }
}
