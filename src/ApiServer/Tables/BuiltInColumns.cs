using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>A server-side printer column computed from the object (priority 1 = shown by <c>-o wide</c> only).</summary>
public sealed record ComputedColumn(string Name, string Type, int Priority, Func<JsonObject, DateTime, JsonNode?> Cell);

/// <summary>
/// The columns kube-apiserver prints for the built-in kinds <c>kubectl get</c> users look at (pkg/printers/
/// internalversion/printers.go: printPod, printNode, printPersistentVolume, printPersistentVolumeClaim,
/// printStorageClass, printNamespace), so the seed walkthrough's outputs (spec/seed-walkthrough.md) read the same
/// here as on a cluster. Other built-in kinds print Name and Age.
/// </summary>
public static class BuiltInColumns
{
    private const string DefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";

    public static IReadOnlyList<ComputedColumn>? For(ResourceType type) => !type.IsBuiltIn ? null : (type.Group, type.Kind) switch
    {
        ("", "Pod") => Pods,
        ("", "Node") => Nodes,
        ("", "PersistentVolume") => Volumes,
        ("", "PersistentVolumeClaim") => Claims,
        ("", "Namespace") => Namespaces,
        ("storage.k8s.io", "StorageClass") => Classes,
        _ => null,
    };

    /// <summary>The Name cell: a default StorageClass prints as <c>name (default)</c>.</summary>
    public static string Name(ResourceType type, JsonObject obj)
    {
        var name = Text(obj, "metadata", "name");
        var annotations = obj["metadata"]?["annotations"];
        var isDefault = annotations?[DefaultClassAnnotation]?.GetValue<string>() == "true" || annotations?["storageclass.beta.kubernetes.io/is-default-class"]?.GetValue<string>() == "true";
        return type is { IsBuiltIn: true, Group: "storage.k8s.io", Kind: "StorageClass" } && isDefault ? $"{name} (default)" : name;
    }

    private static readonly ComputedColumn Age = new("Age", "string", 0, (o, now) => AgeOf(o, now));

    private static readonly IReadOnlyList<ComputedColumn> Pods =
    [
        new("Ready", "string", 0, (o, _) => $"{Statuses(o).Count(s => s?["ready"]?.GetValue<bool>() == true)}/{(o["spec"]?["containers"] as JsonArray)?.Count ?? 0}"),
        new("Status", "string", 0, (o, _) => o["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : Or(Text(o, "status", "reason"), Text(o, "status", "phase"))),
        new("Restarts", "integer", 0, (o, _) => Statuses(o).Sum(s => s?["restartCount"]?.GetValue<int>() ?? 0)),
        Age,
        new("IP", "string", 1, (o, _) => Or(Text(o, "status", "podIP"), "<none>")),
        new("Node", "string", 1, (o, _) => Or(Text(o, "spec", "nodeName"), "<none>")),
        new("Nominated Node", "string", 1, (o, _) => Or(Text(o, "status", "nominatedNodeName"), "<none>")),
        new("Readiness Gates", "string", 1, (_, _) => "<none>"),
    ];

    private static readonly IReadOnlyList<ComputedColumn> Nodes =
    [
        new("Status", "string", 0, (o, _) => NodeStatus(o)),
        new("Roles", "string", 0, (o, _) => Roles(o)),
        Age,
        new("Version", "string", 0, (o, _) => Text(o, "status", "nodeInfo", "kubeletVersion")),
        new("Internal-IP", "string", 1, (o, _) => Address(o, "InternalIP")),
        new("External-IP", "string", 1, (o, _) => Address(o, "ExternalIP")),
        new("OS-Image", "string", 1, (o, _) => Or(Text(o, "status", "nodeInfo", "osImage"), "<unknown>")),
        new("Kernel-Version", "string", 1, (o, _) => Or(Text(o, "status", "nodeInfo", "kernelVersion"), "<unknown>")),
        new("Container-Runtime", "string", 1, (o, _) => Or(Text(o, "status", "nodeInfo", "containerRuntimeVersion"), "<unknown>")),
    ];

    private static readonly IReadOnlyList<ComputedColumn> Volumes =
    [
        new("Capacity", "string", 0, (o, _) => Text(o, "spec", "capacity", "storage")),
        new("Access Modes", "string", 0, (o, _) => AccessModes(o["spec"]?["accessModes"])),
        new("Reclaim Policy", "string", 0, (o, _) => Text(o, "spec", "persistentVolumeReclaimPolicy")),
        new("Status", "string", 0, (o, _) => o["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : Text(o, "status", "phase")),
        new("Claim", "string", 0, (o, _) => o["spec"]?["claimRef"] is JsonObject claim ? $"{Text(claim, "namespace")}/{Text(claim, "name")}" : ""),
        new("StorageClass", "string", 0, (o, _) => Text(o, "spec", "storageClassName")),
        new("Reason", "string", 0, (o, _) => Text(o, "status", "reason")),
        Age,
        new("VolumeMode", "string", 1, (o, _) => Or(Text(o, "spec", "volumeMode"), "<unset>")),
    ];

    private static readonly IReadOnlyList<ComputedColumn> Claims =
    [
        new("Status", "string", 0, (o, _) => o["metadata"]?["deletionTimestamp"] is not null ? "Terminating" : Text(o, "status", "phase")),
        new("Volume", "string", 0, (o, _) => Text(o, "spec", "volumeName")),
        new("Capacity", "string", 0, (o, _) => Text(o, "status", "capacity", "storage")),
        new("Access Modes", "string", 0, (o, _) => AccessModes(o["status"]?["accessModes"])),
        new("StorageClass", "string", 0, (o, _) => Text(o, "spec", "storageClassName")),
        Age,
        new("VolumeMode", "string", 1, (o, _) => Or(Text(o, "spec", "volumeMode"), "<unset>")),
    ];

    private static readonly IReadOnlyList<ComputedColumn> Classes =
    [
        new("Provisioner", "string", 0, (o, _) => Text(o, "provisioner")),
        new("ReclaimPolicy", "string", 0, (o, _) => Or(Text(o, "reclaimPolicy"), "Delete")),
        new("VolumeBindingMode", "string", 0, (o, _) => Or(Text(o, "volumeBindingMode"), "Immediate")),
        new("AllowVolumeExpansion", "string", 0, (o, _) => (o["allowVolumeExpansion"]?.GetValue<bool>() ?? false) ? "true" : "false"),
        Age,
    ];

    private static readonly IReadOnlyList<ComputedColumn> Namespaces =
    [
        new("Status", "string", 0, (o, _) => Text(o, "status", "phase")),
        Age,
    ];

    private static IEnumerable<JsonNode?> Statuses(JsonObject pod) => pod["status"]?["containerStatuses"] as JsonArray ?? [];

    private static string NodeStatus(JsonObject node)
    {
        var ready = (node["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Ready");
        var status = ready?["status"]?.GetValue<string>() switch
        {
            "True" => "Ready",
            null => "Unknown",
            "Unknown" => "Unknown",
            _ => "NotReady",
        };
        return node["spec"]?["unschedulable"]?.GetValue<bool>() == true ? status + ",SchedulingDisabled" : status;
    }

    private static string Roles(JsonObject node)
    {
        const string prefix = "node-role.kubernetes.io/";
        var roles = (node["metadata"]?["labels"] as JsonObject ?? [])
            .Select(l => l.Key)
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length)
            .Select(k => k[prefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();
        return roles.Length == 0 ? "<none>" : string.Join(',', roles);
    }

    private static string Address(JsonObject node, string type) =>
        (node["status"]?["addresses"] as JsonArray ?? []).FirstOrDefault(a => a?["type"]?.GetValue<string>() == type)?["address"]?.GetValue<string>() ?? "<none>";

    private static string AccessModes(JsonNode? modes)
    {
        var order = new[] { ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP") };
        var present = (modes as JsonArray ?? []).Select(m => m?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        return string.Join(',', order.Where(o => present.Contains(o.Item1)).Select(o => o.Item2));
    }

    private static string AgeOf(JsonObject obj, DateTime now) =>
        DateTime.TryParse(Text(obj, "metadata", "creationTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? TableRenderer.Age(now - at)
            : "<unknown>";

    private static string Or(string value, string fallback) => value.Length > 0 ? value : fallback;

    private static string Text(JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var segment in path)
            node = node is JsonObject o ? o[segment] : null;
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
    }
}
