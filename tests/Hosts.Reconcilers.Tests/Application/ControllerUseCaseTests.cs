using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application.Controller;
using OpenLocal.Application.Controller.ResyncInitConfig;
using OpenLocal.Application.Controller.SyncNodeStorage;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;

namespace OpenLocal.Hosts.Reconcilers.Tests.Application;

public class ControllerUseCaseTests
{
    private readonly InMemoryCluster _cluster = new();

    private static StorageBlocks Include(string vg) =>
        StorageBlocks.Empty with { ListConfig = ListConfig.Empty with { VolumeGroups = new NameSelection(ValueArray.Of(vg), default) } };

    public ControllerUseCaseTests()
    {
        _cluster.InitConfig = new NodeStorageInitConfigRecord("open-local", "nlsc-uid", new NodeStorageInitConfig(Include("yoda-pool"), ValueArray.Of(
            new NodeOverride(new LabelSelector(new Dictionary<string, string> { ["os"] = "linux" }, default), Include("open-local-pool-0")))));
        _cluster.Nodes["n1"] = new ClusterNode("n1", "u1", new Dictionary<string, string> { ["os"] = "linux" });
    }

    private SyncNodeStorageHandler Handler(bool preserve = false) =>
        new(_cluster, _cluster, _cluster, _cluster, new ControllerSettings("open-local", preserve), NullLogger<SyncNodeStorageHandler>.Instance);

    private Task<NodeStorageSyncOutcome> Sync(string node, bool preserve = false) => Handler(preserve).Handle(new SyncNodeStorageCommand(node), default).AsTask();

    [Fact]
    public async Task Creates_then_leaves_an_unchanged_nls_alone()
    {
        Assert.Equal(NodeStorageSyncOutcome.Created, await Sync("n1"));
        Assert.Equal(NodeStorageSyncOutcome.Unchanged, await Sync("n1"));
        Assert.Equal(["open-local-pool-0"], _cluster.Storage("n1")!.Spec.Blocks.ListConfig.VolumeGroups.Include);
    }

    [Fact]
    public async Task A_manual_edit_is_reverted_unless_preserved()
    {
        await Sync("n1");
        await _cluster.ReplaceSpecAsync("n1", new NodeStorageSpec("n1", Include("hand-made")), default);

        Assert.Equal(NodeStorageSyncOutcome.PreservedManualEdit, await Sync("n1", preserve: true));
        Assert.Equal(["hand-made"], _cluster.Storage("n1")!.Spec.Blocks.ListConfig.VolumeGroups.Include);
        Assert.Equal(NodeStorageSyncOutcome.Updated, await Sync("n1"));
        Assert.Equal(["open-local-pool-0"], _cluster.Storage("n1")!.Spec.Blocks.ListConfig.VolumeGroups.Include);
    }

    [Fact]
    public async Task A_gone_node_loses_its_nls_and_a_missing_nlsc_changes_nothing()
    {
        await Sync("n1");
        _cluster.Nodes.TryRemove("n1", out _);
        Assert.Equal(NodeStorageSyncOutcome.Deleted, await Sync("n1"));
        Assert.Null(_cluster.Storage("n1"));

        _cluster.Nodes["n2"] = new ClusterNode("n2", "u2", new Dictionary<string, string>());
        _cluster.InitConfig = null;
        Assert.Equal(NodeStorageSyncOutcome.NoInitConfig, await Sync("n2"));
        Assert.Null(_cluster.Storage("n2"));
    }

    [Fact]
    public async Task A_node_name_too_long_for_the_schema_is_a_warning_on_the_nlsc()
    {
        var name = new string('n', 129);
        _cluster.Nodes[name] = new ClusterNode(name, "u", new Dictionary<string, string>());

        Assert.Equal(NodeStorageSyncOutcome.NodeNameTooLong, await Sync(name));
        Assert.Contains(_cluster.Events, e => e.Reason == "NodeNameTooLong" && e.Subject.Kind == "NodeLocalStorageInitConfig");
    }

    [Fact]
    public async Task Resync_lists_nodes_and_orphaned_nls_and_announces_it()
    {
        await _cluster.CreateAsync(new NodeStorageSpec("gone", StorageBlocks.Empty), new StorageNodeOwner("gone", "x"), default);
        var handler = new ResyncInitConfigHandler(_cluster, _cluster, _cluster, _cluster, ControllerSettings.Default);

        var keys = await handler.Handle(new ResyncInitConfigCommand(true), default);

        Assert.Equal(["gone", "n1"], keys);
        Assert.Contains(_cluster.Events, e => e.Reason == "Synced" && e.Severity == EventSeverity.Normal && e.Subject.Name == "open-local");
    }
}
