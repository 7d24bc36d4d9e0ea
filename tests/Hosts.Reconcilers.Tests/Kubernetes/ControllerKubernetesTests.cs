using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using OpenLocal.Application.Controller;
using OpenLocal.Cli.Commands;
using OpenLocal.Hosts.Reconcilers;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Hosts.Reconcilers.Tests.Kubernetes;

[Trait("Category", "Kubernetes")]
public sealed class ControllerKubernetesTests : IAsyncLifetime
{
    private ApiServerFixture _api = null!;
    private IHost? _controller;

    public async Task InitializeAsync() => _api = await ApiServerFixture.StartAsync();

    public async Task DisposeAsync()
    {
        if (_controller is not null)
        {
            await _controller.StopAsync();
            _controller.Dispose();
        }
        await _api.DisposeAsync();
    }

    private static ListConfig Vgs(params string[] include) => new() { Vgs = new NameFilterConfig { Include = include } };

    // crds.md §3: global + two overlapping selectors; the last match wins.
    private static NodeLocalStorageInitConfig InitConfig() => new()
    {
        Metadata = new V1ObjectMeta { Name = "open-local" },
        Spec = new NodeLocalStorageInitConfigSpec
        {
            GlobalConfig = new GlobalConfig
            {
                ListConfig = Vgs("yoda-pool"),
                ResourceToBeInited = new ResourceToBeInited { Vgs = [new VolumeGroupToInit { Name = "yoda-pool", Devices = ["/dev/vdb"] }] },
            },
            NodesConfig =
            [
                new NodeConfig { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["beta.kubernetes.io/os"] = "linux" } }, ListConfig = Vgs("open-local-pool-0") },
                new NodeConfig { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "" } }, ListConfig = Vgs("open-local-pool-1") },
            ],
        },
    };

    private async Task StartControllerAsync(bool preserveManualEdits = false)
    {
        // A 10-minute resync: everything these tests see must come from watch events.
        var options = new ControllerOptions(
            new ControllerSettings("open-local", preserveManualEdits),
            ControllerHostOptions.Default with { ResyncPeriod = TimeSpan.FromMinutes(10) },
            LeaderElect: true,
            LeaderElectNamespace: "kube-system");
        _controller = ControllerCommand.BuildHost(options, _api.Client);
        await _controller.StartAsync();
    }

    private Task<NodeLocalStorage> WaitForIncludeAsync(string node, string vg) =>
        _api.WaitForAsync(async () =>
        {
            var nls = await _api.FindStorageAsync(node);
            return nls?.Spec.ListConfig?.Vgs?.Include?.SequenceEqual([vg]) == true ? nls : null;
        }, $"NLS {node} to include {vg}");

    [Fact]
    public async Task Each_node_gets_the_spec_of_its_last_matching_entry()
    {
        await _api.CreateNodeAsync("master-0", new() { ["beta.kubernetes.io/os"] = "linux", ["node-role.kubernetes.io/control-plane"] = "" });
        await _api.CreateNodeAsync("worker-0", new() { ["beta.kubernetes.io/os"] = "linux" });
        await _api.CreateNodeAsync("other-0");
        await _api.CreateInitConfigAsync(InitConfig());

        await StartControllerAsync();

        await WaitForIncludeAsync("master-0", "open-local-pool-1");
        var worker = await WaitForIncludeAsync("worker-0", "open-local-pool-0");
        var other = await WaitForIncludeAsync("other-0", "yoda-pool");
        Assert.Null(worker.Spec.ResourceToBeInited?.Vgs);
        Assert.Equal("yoda-pool", Assert.Single(other.Spec.ResourceToBeInited!.Vgs!).Name);
        Assert.Equal("worker-0", worker.Spec.NodeName);
        Assert.Equal("Node", Assert.Single(worker.Metadata.OwnerReferences).Kind);
        await _api.WaitForAsync(async () => (await _api.EventsAsync()).FirstOrDefault(e => e.Reason == "Synced" && e.InvolvedObject.Kind == "NodeLocalStorageInitConfig"), "the Synced event");
    }

    [Fact]
    public async Task A_deleted_node_loses_its_nls_and_a_deleted_nls_comes_back_at_once()
    {
        await _api.CreateNodeAsync("n1");
        await _api.CreateNodeAsync("n2");
        await _api.CreateInitConfigAsync(InitConfig());
        await StartControllerAsync();
        var first = await WaitForIncludeAsync("n1", "yoda-pool");
        await WaitForIncludeAsync("n2", "yoda-pool");

        await _api.Client.CustomObjects.DeleteClusterCustomObjectAsync(CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, "n1");
        var recreated = await _api.WaitForAsync(async () => await _api.FindStorageAsync("n1") is { } nls && nls.Metadata.Uid != first.Metadata.Uid ? nls : null,
            "NLS n1 to be recreated", TimeSpan.FromSeconds(20));
        Assert.Equal("n1", recreated.Spec.NodeName);

        await _api.Client.CoreV1.DeleteNodeAsync("n2");
        await _api.WaitForAsync(async () => await _api.FindStorageAsync("n2") is null ? "gone" : null, "NLS n2 to be deleted");
    }

    [Fact]
    public async Task A_spec_change_propagates_and_user_metadata_survives()
    {
        await _api.CreateNodeAsync("n1");
        await _api.CreateInitConfigAsync(InitConfig());
        await StartControllerAsync();
        await WaitForIncludeAsync("n1", "yoda-pool");
        await _api.UpdateStorageAsync("n1", nls =>
        {
            nls.Metadata.Annotations = new Dictionary<string, string> { ["csi.aliyun.com/storage-reserved"] = "{\"yoda-pool\":\"10%\"}" };
            nls.Metadata.Labels = new Dictionary<string, string> { ["team"] = "storage" };
        });

        var changed = InitConfig();
        changed.Spec.GlobalConfig!.ListConfig = Vgs("changed-pool");
        var current = await _api.Client.CustomObjects.GetClusterCustomObjectAsync<NodeLocalStorageInitConfig>(CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorageInitConfig.Plural, "open-local");
        changed.Metadata.ResourceVersion = current.Metadata.ResourceVersion;
        await _api.Client.CustomObjects.ReplaceClusterCustomObjectAsync<NodeLocalStorageInitConfig>(changed, CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorageInitConfig.Plural, "open-local");

        var updated = await WaitForIncludeAsync("n1", "changed-pool");
        Assert.Equal("{\"yoda-pool\":\"10%\"}", updated.Metadata.Annotations["csi.aliyun.com/storage-reserved"]);
        Assert.Equal("storage", updated.Metadata.Labels["team"]);
    }

    [Fact]
    public async Task A_manual_edit_is_preserved_with_the_flag()
    {
        await _api.CreateNodeAsync("n1");
        await _api.CreateInitConfigAsync(InitConfig());
        await StartControllerAsync(preserveManualEdits: true);
        await WaitForIncludeAsync("n1", "yoda-pool");

        await _api.UpdateStorageAsync("n1", nls => nls.Spec.ListConfig = Vgs("hand-made"));
        // A new node proves the controller processed events after the edit.
        await _api.CreateNodeAsync("n2");
        await WaitForIncludeAsync("n2", "yoda-pool");

        var nls = await _api.FindStorageAsync("n1");
        Assert.Equal(["hand-made"], nls!.Spec.ListConfig!.Vgs!.Include);
    }
}
