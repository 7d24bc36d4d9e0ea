using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Cache;

namespace OpenLocal.Hosts.Extender.Tests.Cache;

public sealed class NodeTableTests
{
    private static NodeSnapshot Node(string name, long vg = 1) =>
        NodeSnapshot.Build(new NodeStorageReport(name, false, [new ReportedVolumeGroup("p", vg)], [], []), [], []);

    [Fact]
    public void Set_replace_and_remove_keep_earlier_tables_unchanged()
    {
        var table = NodeTable.Empty;
        for (var i = 0; i < 5_000; i++)
            table = table.Set(Node($"node-{i}"));
        var before = table;

        var replaced = table.Set(Node("node-42", 7));
        var removed = replaced.Remove("node-7");

        Assert.Equal(5_000, before.Count);
        Assert.Equal(1, before["node-42"].VolumeGroups[0].Capacity);
        Assert.Equal(7, replaced["node-42"].VolumeGroups[0].Capacity);
        Assert.Equal(5_000, replaced.Count);
        Assert.Equal(4_999, removed.Count);
        Assert.Null(removed.Find("node-7"));
        Assert.NotNull(replaced.Find("node-7"));
        Assert.Same(removed, removed.Remove("absent"));
        Assert.Equal(4_999, removed.Values.Count());
        Assert.All(Enumerable.Range(0, 5_000).Where(i => i != 7), i => Assert.Equal($"node-{i}", removed[$"node-{i}"].Name));
    }
}
