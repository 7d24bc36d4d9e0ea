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

    [Fact]
    public void Lookups_by_utf8_match_whole_names_of_any_length_and_script()
    {
        string[] names = ["n", "node-1", "node-10", "node-1234567", "узел-7", "节点-8", new string('a', 253), "node-x.example.com"];
        var table = NodeTable.Empty;
        foreach (var name in names)
            table = table.Set(Node(name));

        Assert.All(names, name =>
        {
            Assert.Equal(name, table.Find(System.Text.Encoding.UTF8.GetBytes(name))?.Name);
            Assert.Equal(name, table.Find(name)?.Name);
            Assert.True(System.Text.Encoding.UTF8.GetBytes(name).AsSpan().SequenceEqual(table[name].Utf8Name));
        });
        Assert.Null(table.Find("node-"u8));
        Assert.Null(table.Find("node-1\0"u8));
        Assert.Null(table.Find("node-12345678"u8));
    }
}
