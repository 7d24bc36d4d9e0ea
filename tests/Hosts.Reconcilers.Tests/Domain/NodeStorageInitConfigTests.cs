using OpenLocal.Domain.Discovery;

namespace OpenLocal.Hosts.Reconcilers.Tests.Domain;

public class NodeStorageInitConfigTests
{
    private static StorageBlocks Include(params string[] vgs) =>
        StorageBlocks.Empty with { ListConfig = ListConfig.Empty with { VolumeGroups = new NameSelection(vgs.ToValueArray(), default) } };

    private static LabelSelector Labels(params (string Key, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Key, l => l.Value), default);

    // open-local controller_test.go vector (crds.md §3).
    private static readonly NodeStorageInitConfig OpenLocalVector = new(
        Include("yoda-pool"),
        ValueArray.Of(
            new NodeOverride(Labels(("beta.kubernetes.io/os", "linux")), Include("open-local-pool-0")),
            new NodeOverride(Labels(("node-role.kubernetes.io/control-plane", "")), Include("open-local-pool-1"))));

    [Fact]
    public void The_last_matching_entry_wins()
    {
        var spec = OpenLocalVector.DesiredSpecFor("master-0", new Dictionary<string, string>
        {
            ["beta.kubernetes.io/os"] = "linux",
            ["node-role.kubernetes.io/control-plane"] = "",
        });

        Assert.Equal(["open-local-pool-1"], spec.Blocks.ListConfig.VolumeGroups.Include);
        Assert.Equal("master-0", spec.NodeName);
    }

    [Fact]
    public void A_node_matching_one_entry_gets_that_entry_and_others_get_global()
    {
        var worker = OpenLocalVector.DesiredSpecFor("w", new Dictionary<string, string> { ["beta.kubernetes.io/os"] = "linux" });
        var other = OpenLocalVector.DesiredSpecFor("o", new Dictionary<string, string>());

        Assert.Equal(["open-local-pool-0"], worker.Blocks.ListConfig.VolumeGroups.Include);
        Assert.Equal(["yoda-pool"], other.Blocks.ListConfig.VolumeGroups.Include);
    }

    [Fact]
    public void A_matching_entry_replaces_all_blocks_wholesale()
    {
        var global = Include("g") with
        {
            ResourceToBeInited = new ResourceToBeInited(ValueArray.Of(new VolumeGroupToInit("open-local-pool-0", ValueArray.Of("/dev/vdb"))), default),
        };
        var config = new NodeStorageInitConfig(global, ValueArray.Of(new NodeOverride(LabelSelector.Everything, Include("n"))));

        var spec = config.DesiredSpecFor("n1", new Dictionary<string, string>());

        Assert.True(spec.Blocks.ResourceToBeInited.VolumeGroups.IsEmpty);
        Assert.Equal(["n"], spec.Blocks.ListConfig.VolumeGroups.Include);
    }

    [Fact]
    public void A_missing_selector_matches_nothing_and_an_empty_one_everything()
    {
        var config = new NodeStorageInitConfig(Include("g"), ValueArray.Of(new NodeOverride(null, Include("never"))));
        Assert.Equal(["g"], config.DesiredSpecFor("n", new Dictionary<string, string> { ["a"] = "b" }).Blocks.ListConfig.VolumeGroups.Include);

        var everything = new NodeStorageInitConfig(Include("g"), ValueArray.Of(new NodeOverride(LabelSelector.Everything, Include("all"))));
        Assert.Equal(["all"], everything.DesiredSpecFor("n", new Dictionary<string, string>()).Blocks.ListConfig.VolumeGroups.Include);
    }

    [Theory]
    [InlineData("In", "zone", "a,b", true)]
    [InlineData("In", "zone", "c", false)]
    [InlineData("NotIn", "zone", "c", true)]
    [InlineData("NotIn", "zone", "a", false)]
    [InlineData("NotIn", "missing", "a", true)]
    [InlineData("Exists", "zone", "", true)]
    [InlineData("Exists", "missing", "", false)]
    [InlineData("DoesNotExist", "missing", "", true)]
    [InlineData("DoesNotExist", "zone", "", false)]
    [InlineData("Bogus", "zone", "a", false)]
    [InlineData("In", "zone", "", false)]
    public void Match_expressions_follow_kubernetes_semantics(string op, string key, string values, bool expected)
    {
        var selector = new LabelSelector(new Dictionary<string, string>(),
            ValueArray.Of(new LabelRequirement(key, op, values.Split(',', StringSplitOptions.RemoveEmptyEntries).ToValueArray())));

        Assert.Equal(expected, selector.Matches(new Dictionary<string, string> { ["zone"] = "a" }));
    }

    [Fact]
    public void Match_labels_and_expressions_must_all_hold()
    {
        var selector = new LabelSelector(new Dictionary<string, string> { ["role"] = "storage" },
            ValueArray.Of(new LabelRequirement("zone", "In", ValueArray.Of("a"))));

        Assert.True(selector.Matches(new Dictionary<string, string> { ["role"] = "storage", ["zone"] = "a" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["role"] = "storage", ["zone"] = "b" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["zone"] = "a" }));
    }

    [Fact]
    public void Specs_compare_semantically()
    {
        var a = new NodeStorageSpec("n", Include("x", "y"));
        var b = new NodeStorageSpec("n", Include("x", "y"));
        var c = new NodeStorageSpec("n", Include("x"));
        var absent = new NodeStorageSpec("n", StorageBlocks.Empty with { ListConfig = new ListConfig(new NameSelection(default, default), NameSelection.None, NameSelection.None) });
        var empty = new NodeStorageSpec("n", StorageBlocks.Empty with { ListConfig = new ListConfig(new NameSelection(ValueArray.Of<string>(), ValueArray.Of<string>()), NameSelection.None, NameSelection.None) });

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(absent, empty);
    }
}
