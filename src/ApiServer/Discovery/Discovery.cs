using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// The legacy discovery documents (<c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/g/v</c>, <c>/version</c>). Aggregated
/// discovery (apidiscovery.k8s.io/v2) is not served: clients that ask for it accept plain <c>application/json</c> and
/// fall back to these documents (ADR-0021).
/// </summary>
public static class Discovery
{
    public const string KubernetesVersion = "v1.32.0";

    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] StatusVerbs = ["get", "patch", "update"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = KubernetesVersion + "+openlocal",
        ["gitCommit"] = "",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "",
        ["compiler"] = "dotnet",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(ResourceTable table) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(table.All.Where(t => t.Group.Length > 0).Select(t => t.Group).Distinct()
            .Select(g => (JsonNode)Group(table, g)!).ToArray()),
    };

    public static JsonObject? Group(ResourceTable table, string group)
    {
        var versions = table.All.Where(t => t.Group == group).Select(t => t.Version).Distinct().ToArray();
        if (versions.Length == 0)
            return null;
        JsonObject Entry(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Entry(v)).ToArray()),
            ["preferredVersion"] = Entry(versions[0]),
        };
    }

    public static JsonObject? Resources(ResourceTable table, string group, string version)
    {
        var types = table.All.Where(t => t.Group == group && t.Version == version).ToArray();
        if (types.Length == 0)
            return null;
        var resources = new JsonArray();
        foreach (var t in types)
        {
            resources.Add(new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.Singular,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = new JsonArray(AllVerbs.Select(v => (JsonNode)v).ToArray()),
                ["shortNames"] = new JsonArray(t.ShortNames.Select(s => (JsonNode)s).ToArray()),
            });
            if (t.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = t.Namespaced,
                    ["kind"] = t.Kind,
                    ["verbs"] = new JsonArray(StatusVerbs.Select(v => (JsonNode)v).ToArray()),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = types[0].GroupVersion,
            ["resources"] = resources,
        };
    }
}
