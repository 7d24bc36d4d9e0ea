using System.Text.Json.Nodes;

namespace OpenLocal.Deploy.Tests;

/// <summary>What a cluster relies on in the shipped objects (deploy.md §3, §4, §8, §9), checked on the kustomize output.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task The_csi_driver_is_what_kubelet_and_the_scheduler_need()
    {
        var driver = (await DeployTargets.KustomizeAsync(DeployTargets.Default)).Named("CSIDriver", "local.csi.aliyun.com")["spec"]!;
        Assert.False((bool)driver["attachRequired"]!);
        Assert.True((bool)driver["podInfoOnMount"]!);
        Assert.True((bool)driver["storageCapacity"]!);
        Assert.Equal(["Persistent", "Ephemeral"], ((JsonArray)driver["volumeLifecycleModes"]!).Select(m => (string)m!));
    }

    [Fact]
    public async Task The_workloads_have_the_containers_and_flags_of_deploy_md()
    {
        var objects = await DeployTargets.KustomizeAsync(DeployTargets.Default);
        Assert.Equal(["agent", "csi-plugin", "driver-registrar", "liveness-probe"], Names(objects.Named("DaemonSet", "open-local-agent")));
        Assert.Equal(["snapshot-controller", "csi-provisioner", "csi-resizer", "csi-snapshotter", "csi-plugin", "controller", "liveness-probe"],
            Names(objects.Named("Deployment", "open-local-controller")));

        var controller = objects.Named("Deployment", "open-local-controller");
        Assert.Equal(2, (long)controller["spec"]!["replicas"]!);
        var provisioner = Args(controller, "csi-provisioner");
        Assert.Contains("--enable-capacity=true", provisioner);
        Assert.Contains("--leader-election", provisioner);
        Assert.Contains("--strict-topology=true", provisioner);
        Assert.All(new[] { "csi-provisioner", "csi-resizer", "csi-snapshotter", "snapshot-controller" }, c => Assert.Contains("--leader-election", Args(controller, c)));
        Assert.Contains("--leader-elect=true", Args(controller, "controller"));
        Assert.Contains("--driver-mode=controller", Args(controller, "csi-plugin"));
        Assert.Contains("--driver-mode=node", Args(objects.Named("DaemonSet", "open-local-agent"), "csi-plugin"));

        var service = objects.Named("Service", "open-local-scheduler-extender")["spec"]!;
        Assert.Equal(23000, (long)service["ports"]![0]!["port"]!);
        Assert.Equal(["extender", "--port=23000", "--scheduler-strategy=spread"], Args(objects.Named("Deployment", "open-local-scheduler-extender"), "open-local-scheduler-extender"));
        var node = Manifests.PodSpec(objects.Named("DaemonSet", "open-local-agent"))!;
        Assert.True((bool)node["hostPID"]!);
        Assert.False((bool)node["hostNetwork"]!);
    }

    [Fact]
    public async Task The_classes_of_the_seed_are_there()
    {
        var objects = await DeployTargets.KustomizeAsync(DeployTargets.Default);
        var throttling = objects.Named("StorageClass", "open-local-lvm-io-throttling");
        Assert.Equal("1048576", (string)throttling["parameters"]!["bps"]!);
        Assert.Equal("1024", (string)throttling["parameters"]!["iops"]!);
        Assert.Equal("xfs", (string)objects.Named("StorageClass", "open-local-lvm-xfs")["parameters"]!["csi.storage.k8s.io/fstype"]!);
        Assert.All(objects.OfKind("StorageClass"), sc => Assert.Equal("WaitForFirstConsumer", (string)sc["volumeBindingMode"]!));
        Assert.False((bool)objects.Named("StorageClass", "open-local-device-ssd")["allowVolumeExpansion"]!);
        Assert.Equal("true", (string)objects.Named("VolumeSnapshotClass", "open-local-lvm")["parameters"]!["csi.aliyun.com/readonly"]!);
    }

    [Theory]
    [MemberData(nameof(DeployTargets.All), MemberType = typeof(DeployTargets))]
    public async Task Every_reference_between_objects_resolves(string target)
    {
        var objects = await DeployTargets.KustomizeAsync(target);
        var accounts = objects.OfKind("ServiceAccount").Select(a => $"{a["metadata"]!["namespace"]}/{a["metadata"]!["name"]}").ToHashSet();
        var workloads = objects.Where(o => Manifests.PodSpec(o) is not null).ToList();
        Assert.Equal(3, workloads.Count);
        foreach (var workload in workloads)
        {
            var name = (string)workload["metadata"]!["name"]!;
            var pod = Manifests.PodSpec(workload)!;
            Assert.Contains($"{workload["metadata"]!["namespace"]}/{pod["serviceAccountName"]}", accounts);
            var volumes = (pod["volumes"] as JsonArray ?? []).Select(v => (string)v!["name"]!).ToHashSet();
            foreach (var mount in Manifests.Containers(pod).SelectMany(c => c["volumeMounts"] as JsonArray ?? []))
                Assert.True(volumes.Contains((string)mount!["name"]!), $"{name}: volumeMount {mount["name"]} has no volume");
            // The selector must select the pod template, or the API server refuses the workload.
            var podLabels = (JsonObject)workload["spec"]!["template"]!["metadata"]!["labels"]!;
            foreach (var (key, value) in (JsonObject)workload["spec"]!["selector"]!["matchLabels"]!)
                Assert.Equal((string?)value, (string?)podLabels[key]);
        }
        foreach (var service in objects.OfKind("Service"))
        {
            var selector = (JsonObject)service["spec"]!["selector"]!;
            Assert.Contains(workloads, w => selector.All(kv => (string?)w["spec"]!["template"]!["metadata"]!["labels"]![kv.Key] == (string?)kv.Value));
        }
        foreach (var binding in objects.OfKind("ClusterRoleBinding").Concat(objects.OfKind("RoleBinding")))
        {
            var role = binding["roleRef"]!;
            Assert.Contains(objects.OfKind((string)role["kind"]!), r => (string?)r["metadata"]!["name"] == (string?)role["name"]);
            foreach (var subject in (JsonArray)binding["subjects"]!)
                Assert.Contains($"{subject!["namespace"]}/{subject["name"]}", accounts);
        }
        Assert.Equal(["kube-system/open-local-controller", "kube-system/open-local-extender", "kube-system/open-local-node"], accounts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_the_node_plugins_are_privileged_and_the_cluster_pods_run_as_non_root()
    {
        var objects = await DeployTargets.KustomizeAsync(DeployTargets.Default);
        var privileged = objects.Where(o => Manifests.PodSpec(o) is not null)
            .SelectMany(o => Manifests.Containers(Manifests.PodSpec(o)!).Select(c => (Workload: (string)o["metadata"]!["name"]!, Container: c)))
            .Where(x => x.Container["securityContext"]?["privileged"] is JsonValue v && (bool)v)
            .Select(x => $"{x.Workload}/{x.Container["name"]}");
        Assert.Equal(["open-local-agent/agent", "open-local-agent/csi-plugin"], privileged);
        foreach (var name in new[] { "open-local-controller", "open-local-scheduler-extender" })
        {
            var pod = Manifests.PodSpec(objects.Named("Deployment", name))!;
            Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
            Assert.All(Manifests.Containers(pod), c => Assert.False((bool)c["securityContext"]!["allowPrivilegeEscalation"]!));
        }
    }

    /// <summary>Every RBAC rule in the chart says why it exists (issue 17): a comment line directly above it.</summary>
    [Theory]
    [InlineData("rbac-controller.yaml")]
    [InlineData("rbac-node.yaml")]
    [InlineData("rbac-extender.yaml")]
    public void Every_rbac_rule_carries_its_reason(string template)
    {
        var lines = File.ReadAllLines(RepositoryRoot.Deploy("helm", "templates", template));
        var rules = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("- apiGroups:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, i => Assert.True(lines[i - 1].TrimStart().StartsWith('#'), $"{template}:{i + 1}: rule without a reason"));
    }

    private static List<string> Names(JsonObject workload) =>
        Manifests.Containers(Manifests.PodSpec(workload)!).Select(c => (string)c["name"]!).ToList();

    private static List<string> Args(JsonObject workload, string container) =>
        ((JsonArray)Manifests.Containers(Manifests.PodSpec(workload)!).Single(c => (string?)c["name"] == container)["args"]!).Select(a => (string)a!).ToList();
}
