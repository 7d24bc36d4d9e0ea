using System.Text.Json.Nodes;

namespace OpenLocal.Deploy.Tests;

/// <summary>
/// ADR-0063: deploy/helm is the source; deploy/kubernetes is the chart rendered with its defaults (and each overlay
/// with the values it stands for). These tests fail when one is edited without the other.
/// </summary>
public sealed class ChartAgreementTests
{
    [Theory]
    [MemberData(nameof(DeployTargets.All), MemberType = typeof(DeployTargets))]
    public async Task The_kustomize_target_equals_the_chart_rendered_with_its_values(string target)
    {
        var chart = ByKey(ChartRenderer.Render(DeployTargets.ChartValues(target)));
        var plain = ByKey(await DeployTargets.KustomizeAsync(target));

        Assert.Equal(chart.Keys.Order(StringComparer.Ordinal), plain.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, rendered) in chart)
            Assert.True(JsonNode.DeepEquals(rendered, plain[key]), $"{key} differs:\nchart: {rendered.ToJsonString()}\nplain: {plain[key].ToJsonString()}");
    }

    [Fact]
    public void The_chart_and_the_kustomize_base_ship_deploy_crds_unchanged()
    {
        var source = Directory.GetFiles(RepositoryRoot.Deploy("crds"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, source.Count);
        foreach (var copy in new[] { RepositoryRoot.Deploy("helm", "crds"), RepositoryRoot.Deploy("kubernetes", "base", "crds") })
        {
            Assert.Equal(source, Directory.GetFiles(copy, "*.yaml").Select(Path.GetFileName).Where(n => n != "kustomization.yaml").Order(StringComparer.Ordinal));
            foreach (var name in source)
                Assert.Equal(File.ReadAllText(RepositoryRoot.Deploy("crds", name!)), File.ReadAllText(Path.Combine(copy, name!)));
        }
    }

    /// <summary>The documented values (values.yaml comments, deploy.md §1) each change what they say, and render valid YAML.</summary>
    [Fact]
    public void Each_documented_value_changes_what_it_says()
    {
        var defaults = ChartRenderer.Render();

        // `helm upgrade` of an open-local release needs the same chart name; the image tag defaults to appVersion.
        var chart = Manifests.Parse(File.ReadAllText(RepositoryRoot.Deploy("helm", "Chart.yaml")))[0];
        Assert.Equal("open-local", (string)chart["name"]!);
        var image = (string)Manifests.Containers(Manifests.PodSpec(defaults.Named("DaemonSet", "open-local-agent"))!).First()["image"]!;
        Assert.Equal($"docker.io/openlocal/openlocal:{chart["appVersion"]}", image);
        var mirrored = ChartRenderer.Render(Set("global.RegistryURL", "registry.example.com"));
        Assert.Equal($"registry.example.com/openlocal/openlocal:{chart["appVersion"]}",
            (string)Manifests.Containers(Manifests.PodSpec(mirrored.Named("Deployment", "open-local-scheduler-extender"))!).First()["image"]!);

        var noDevice = ChartRenderer.Render(Set("agent.device", ""));
        Assert.Null(noDevice.Named("NodeLocalStorageInitConfig", "open-local")["spec"]!["globalConfig"]!["resourceToBeInited"]);
        Assert.Equal("/dev/vdb", (string)defaults.Named("NodeLocalStorageInitConfig", "open-local")["spec"]!["globalConfig"]!["resourceToBeInited"]!["vgs"]![0]!["devices"]![0]!);

        var noCapacity = ChartRenderer.Render(Set("capacity.enabled", false));
        Assert.False((bool)noCapacity.Named("CSIDriver", "local.csi.aliyun.com")["spec"]!["storageCapacity"]!);
        Assert.Contains("--enable-capacity=false", Args(noCapacity, "open-local-controller", "csi-provisioner"));
        Assert.Contains("--enable-capacity=true", Args(defaults, "open-local-controller", "csi-provisioner"));

        var antiAffinity = ChartRenderer.Render(Set("extender.antiAffinity", "MountPoint=5"));
        Assert.Contains("--enabled-node-anti-affinity=MountPoint=5", Args(antiAffinity, "open-local-scheduler-extender", "open-local-scheduler-extender"));
        Assert.DoesNotContain(Args(defaults, "open-local-scheduler-extender", "open-local-scheduler-extender"), a => a.StartsWith("--enabled-node-anti-affinity", StringComparison.Ordinal));

        var fixedIp = ChartRenderer.Render(Set("global.YodaSchedulerSvcIP", "10.96.0.100"));
        Assert.Equal("10.96.0.100", (string)fixedIp.Named("Service", "open-local-scheduler-extender")["spec"]!["clusterIP"]!);
        Assert.Null(defaults.Named("Service", "open-local-scheduler-extender")["spec"]!["clusterIP"]);

        var binpack = ChartRenderer.Render(Set("extender.strategy", "binpack"));
        Assert.Contains("--scheduler-strategy=binpack", Args(binpack, "open-local-scheduler-extender", "open-local-scheduler-extender"));
        Assert.Contains("--scheduler-strategy=binpack", Args(binpack, "open-local-controller", "csi-plugin"));

        var allMode = ChartRenderer.Render(Set("agent.driverMode", "all"));
        Assert.Contains("--driver-mode=all", Args(allMode, "open-local-agent", "csi-plugin"));

        var frozen = ChartRenderer.Render(Set("controller.update_nls", "false"));
        Assert.Contains("--feature-gates=UpdateNLS=false", Args(frozen, "open-local-controller", "controller"));

        var kubelet = ChartRenderer.Render(Set("agent.kubelet_dir", "/data/kubelet"));
        Assert.Contains("--kubelet-registration-path=/data/kubelet/plugins/local.csi.aliyun.com/csi.sock", Args(kubelet, "open-local-agent", "driver-registrar"));
        Assert.Contains("--kubelet-dir=/data/kubelet", Args(kubelet, "open-local-agent", "csi-plugin"));

        var renamed = ChartRenderer.Render(Set("driver", "yodaplugin.csi.alibabacloud.com"));
        Assert.Single(renamed.OfKind("CSIDriver"), d => (string?)d["metadata"]!["name"] == "yodaplugin.csi.alibabacloud.com");
        Assert.All(renamed.OfKind("StorageClass"), sc => Assert.Equal("yodaplugin.csi.alibabacloud.com", (string)sc["provisioner"]!));

        Assert.Equal(["open-local-device-hdd", "open-local-device-ssd", "open-local-lvm", "open-local-lvm-io-throttling", "open-local-lvm-xfs"], StorageClasses(defaults));
        var mountPoints = ChartRenderer.Render(new Dictionary<string, JsonNode?> { ["storageclass.mountpoint_ssd.enabled"] = true, ["storageclass.lvm_xfs.enabled"] = false });
        Assert.Equal(["open-local-device-hdd", "open-local-device-ssd", "open-local-lvm", "open-local-lvm-io-throttling", "open-local-mountpoint-ssd"], StorageClasses(mountPoints));

        var noSnapshots = ChartRenderer.Render(Set("snapshotController.enabled", false));
        Assert.DoesNotContain(noSnapshots.OfKind("CustomResourceDefinition"), c => ((string)c["metadata"]!["name"]!).EndsWith("snapshot.storage.k8s.io", StringComparison.Ordinal));
        Assert.DoesNotContain("snapshot-controller", ContainerNames(noSnapshots, "open-local-controller"));
        Assert.Equal(3, defaults.OfKind("CustomResourceDefinition").Count(c => ((string)c["metadata"]!["name"]!).EndsWith("snapshot.storage.k8s.io", StringComparison.Ordinal)));

        Assert.Empty(defaults.OfKind("ValidatingAdmissionPolicy"));
        var policy = ChartRenderer.Render(Set("nodeAdmissionPolicy.enabled", true)).Named("ValidatingAdmissionPolicy", "open-local-node-own-objects");
        Assert.Equal("request.userInfo.username == 'system:serviceaccount:kube-system:open-local-node'", (string)policy["spec"]!["matchConditions"]![0]!["expression"]!);

        Assert.Empty(defaults.OfKind("ServiceMonitor"));
        Assert.Single(ChartRenderer.Render(Set("monitor.enabled", true)).OfKind("ServiceMonitor"));
    }

    [Fact]
    public void The_renderer_refuses_what_it_cannot_render_faithfully()
    {
        var dir = Directory.CreateTempSubdirectory("openlocal-chart-");
        try
        {
            var chart = new JsonObject { ["name"] = "open-local", ["version"] = "0.1.0", ["appVersion"] = "0.1.0" };
            var values = new JsonObject { ["name"] = "open-local" };
            var include = Path.Combine(dir.FullName, "include.yaml");
            File.WriteAllText(include, "metadata:\n{{ include \"labels\" . | indent 2 }}\n");
            Assert.Throws<NotSupportedException>(() => ChartRenderer.RenderFile(include, chart, values));
            var typo = Path.Combine(dir.FullName, "typo.yaml");
            File.WriteAllText(typo, "name: {{ .Values.nmae }}\n");
            Assert.Throws<KeyNotFoundException>(() => ChartRenderer.RenderFile(typo, chart, values));
            Assert.Throws<KeyNotFoundException>(() => ChartRenderer.Render(Set("extender.no_such_key", "x")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static Dictionary<string, JsonNode?> Set(string path, JsonNode? value) => new() { [path] = value };

    private static Dictionary<string, JsonObject> ByKey(IEnumerable<JsonObject> objects) =>
        objects.Select(Normalised).ToDictionary(Manifests.Key);

    // The one intended difference: who manages the objects. And kustomize writes a map key without a value as ""
    // where YAML (and Helm) read null.
    private static JsonObject Normalised(JsonObject o)
    {
        var copy = (JsonObject)o.DeepClone();
        (copy["metadata"]?["labels"] as JsonObject)?.Remove("app.kubernetes.io/managed-by");
        EmptyForNull(copy);
        return copy;
    }

    private static void EmptyForNull(JsonNode? node)
    {
        if (node is JsonObject map)
        {
            foreach (var key in map.Select(kv => kv.Key).ToList())
            {
                if (map[key] is null)
                    map[key] = string.Empty;
                else
                    EmptyForNull(map[key]);
            }
        }
        else if (node is JsonArray list)
        {
            foreach (var item in list)
                EmptyForNull(item);
        }
    }

    private static List<string> Args(IReadOnlyList<JsonObject> objects, string workload, string container) =>
        ((JsonArray)Manifests.Containers(Manifests.PodSpec(objects.Single(o => Manifests.PodSpec(o) is not null && (string?)o["metadata"]!["name"] == workload))!)
            .Single(c => (string?)c["name"] == container)["args"]!).Select(a => (string)a!).ToList();

    private static List<string> ContainerNames(IReadOnlyList<JsonObject> objects, string workload) =>
        Manifests.Containers(Manifests.PodSpec(objects.Single(o => Manifests.PodSpec(o) is not null && (string?)o["metadata"]!["name"] == workload))!)
            .Select(c => (string)c["name"]!).ToList();

    private static List<string> StorageClasses(IReadOnlyList<JsonObject> objects) =>
        objects.OfKind("StorageClass").Select(o => (string)o["metadata"]!["name"]!).Order(StringComparer.Ordinal).ToList();
}
