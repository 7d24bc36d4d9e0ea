using System.Text.Json.Nodes;
using OpenLocal.ApiServer;

namespace OpenLocal.Deploy.Tests;

/// <summary>Every rendered object is accepted by the embedded API server through `kubectl apply`, as a user applies it.</summary>
[Trait("Category", "Kubernetes")]
public sealed class ApiServerAcceptanceTests : IAsyncLifetime, IDisposable
{
    // Kinds the shipped manifests use that the embedded API server's table does not serve yet (ADR-0021 lists what
    // it serves); registered here with their real scope, so a namespaced object without a namespace, or a
    // cluster-scoped one with a wrong path, still fails. ServiceMonitor stands for prometheus-operator's CRD.
    private static readonly ResourceType[] WorkloadKinds =
    [
        ResourceType.BuiltIn("", "v1", "ServiceAccount", "serviceaccounts", true, false, "sa"),
        ResourceType.BuiltIn("", "v1", "Service", "services", true, true, "svc"),
        ResourceType.BuiltIn("apps", "v1", "DaemonSet", "daemonsets", true, true, "ds"),
        ResourceType.BuiltIn("apps", "v1", "Deployment", "deployments", true, true, "deploy"),
        ResourceType.BuiltIn("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, false),
        ResourceType.BuiltIn("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, false),
        ResourceType.BuiltIn("rbac.authorization.k8s.io", "v1", "Role", "roles", true, false),
        ResourceType.BuiltIn("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, false),
        ResourceType.BuiltIn("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false, true),
        ResourceType.BuiltIn("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", false, false),
        ResourceType.BuiltIn("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors", true, false),
    ];

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("openlocal-deploy-");
    private readonly EmbeddedApiServer server = new(new EmbeddedApiServerOptions());

    public async Task InitializeAsync()
    {
        foreach (var kind in WorkloadKinds)
            server.Resources.Register([kind]);
        await server.StartAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => work.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(DeployTargets.All), MemberType = typeof(DeployTargets))]
    public async Task Kubectl_apply_creates_every_rendered_object(string target)
    {
        var rendered = await Kubectl.KustomizeAsync(target);
        var objects = Manifests.Parse(rendered);
        // Namespaces the manifests expect to exist (monitor.namespace belongs to the cluster's prometheus-operator).
        foreach (var ns in objects.Select(o => (string?)o["metadata"]!["namespace"]).OfType<string>().Distinct().Where(n => n != "kube-system"))
            await KubectlAsync(["create", "-f", await WriteAsync($"ns-{ns}.json", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } }.ToJsonString())]);
        // As install.md says: CRDs first (kubectl resolves every kind before it sends anything), then everything.
        await ApplyAsync(await WriteAsync("crds.json", List(objects.OfKind("CustomResourceDefinition"))));
        await ApplyAsync(await WriteAsync("all.yaml", rendered));

        foreach (var o in objects)
        {
            var resource = $"{((string)o["kind"]!).ToLowerInvariant()}.{Group((string)o["apiVersion"]!)}".TrimEnd('.');
            var args = new List<string> { "get", resource, (string)o["metadata"]!["name"]!, "-o", "name" };
            if (o["metadata"]!["namespace"] is JsonNode ns)
                args.AddRange(["-n", (string)ns!]);
            Assert.NotEmpty(await KubectlAsync(args));
        }
    }

    private static string Group(string apiVersion) => apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion.Split('/')[0] : string.Empty;

    private static string List(IEnumerable<JsonObject> items) =>
        new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(items.Select(i => (JsonNode)i.DeepClone()).ToArray()) }.ToJsonString();

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(work.FullName, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private Task<string> ApplyAsync(string file) => KubectlAsync(["apply", "-f", file]);

    private Task<string> KubectlAsync(IEnumerable<string> args) =>
        Kubectl.RunAsync(new[] { "--server", server.BaseUri.ToString().TrimEnd('/'), "--cache-dir", Path.Combine(work.FullName, "cache") }.Concat(args));
}
