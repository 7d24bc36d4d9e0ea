using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Tests.Cache;

/// <summary>The look-ahead walk (ADR-0046) must resolve every candidate exactly as a plain lookup does.</summary>
public sealed class CandidateWalkTests
{
    private static readonly NodeTable Table = Enumerable.Range(0, 300).Aggregate(NodeTable.Empty, (table, i) =>
        table.Set(NodeSnapshot.Build(new NodeStorageReport($"node-{i}", false, [new ReportedVolumeGroup("p", i)], [], []), [], [])));

    // Known names, unknown names, a name twice, near-misses of known names and an empty name, interleaved.
    private static NodeNameList Request()
    {
        var names = new NodeNameList();
        for (var i = 0; i < 100; i++)
        {
            names.Add($"node-{i * 3}");
            names.Add(i % 7 == 0 ? $"node-{i}-gone" : $"node-{(i * 3) + 1}");
        }
        names.Add("node-3");
        names.Add("node-");
        names.Add("");
        return names;
    }

    [Theory]
    [InlineData(0, 203)]
    [InlineData(0, 1)]
    [InlineData(5, 8)]
    [InlineData(17, 40)]
    [InlineData(190, 203)]
    [InlineData(50, 50)]
    public void Resolves_each_candidate_of_the_range_in_order_like_a_lookup(int start, int end)
    {
        using var names = Request();
        var seen = new List<int>();

        var walk = Table.Walk(names, start, end);
        while (walk.MoveNext())
        {
            seen.Add(walk.Index);
            Assert.Same(Table.Find(names.Utf8(walk.Index)), walk.Node);
        }

        Assert.Equal(Enumerable.Range(start, end - start), seen);
    }

    [Fact]
    public void Unknown_names_resolve_to_no_node_and_known_ones_to_theirs()
    {
        using var names = Request();
        var resolved = new Dictionary<int, string?>();

        var walk = Table.Walk(names, 0, names.Count);
        while (walk.MoveNext())
            resolved[walk.Index] = walk.Node?.Name;

        Assert.Equal("node-0", resolved[0]);
        Assert.Null(resolved[1]); // node-0-gone
        Assert.Equal("node-4", resolved[3]);
        Assert.Equal("node-3", resolved[200]);
        Assert.Null(resolved[201]);
        Assert.Null(resolved[202]);
    }

    [Fact]
    public void A_range_beyond_the_request_is_refused()
    {
        using var names = Request();

        Assert.Throws<ArgumentOutOfRangeException>(() => Table.Walk(names, 0, names.Count + 1));
    }
}
