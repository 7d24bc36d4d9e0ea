using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;

namespace OpenLocal.Hosts.Extender.Tests.Cache;

/// <summary>The cache side of ADR-0043: PV hostnames resolved through Node facts, recomputed on change.</summary>
public sealed class HostnameCacheTests
{
    private const long Gi = 1L << 30;

    private static SchedulingCache TwoNodes()
    {
        var cache = new SchedulingCache();
        foreach (var node in new[] { "node-1", "node-2" })
            cache.ApplyNodeStorage(new NodeStorageReport(node, false, [new ReportedVolumeGroup("pool", 100 * Gi)], [], []));
        return cache;
    }

    private static long Used(SchedulingCache cache, string node) => cache.Current.Nodes[node].VolumeGroups[0].Used;

    [Fact]
    public void Pv_follows_the_node_that_carries_its_hostname_and_moves_when_the_label_moves()
    {
        var cache = TwoNodes();
        cache.ApplyNode(new NodeFact("node-1", "ip-10-0-0-1"));
        cache.ApplyPersistentVolume(new PersistentVolumeFact("pv-1", "local-1", "ip-10-0-0-1", VolumeType.LVM, "pool", 5 * Gi, "Bound"));
        Assert.Equal((5 * Gi, 0L), (Used(cache, "node-1"), Used(cache, "node-2")));
        Assert.Equal("ip-10-0-0-1", cache.Current.Nodes["node-1"].Hostname);

        cache.ApplyNode(new NodeFact("node-1", "ip-10-0-0-9"));
        cache.ApplyNode(new NodeFact("node-2", "ip-10-0-0-1"));

        Assert.Equal((0L, 5 * Gi), (Used(cache, "node-1"), Used(cache, "node-2")));
        Assert.Equal("node-2", cache.Current.PersistentVolumes["pv-1"].NodeName);
        Assert.Equal(1, cache.Current.Nodes["node-2"].AllocatedNum);
    }

    [Fact]
    public void Node_updates_that_keep_the_label_publish_nothing_and_a_deleted_node_releases_the_mapping()
    {
        var cache = TwoNodes();
        cache.ApplyNode(new NodeFact("node-1", "ip-10-0-0-1"));
        cache.ApplyPersistentVolume(new PersistentVolumeFact("pv-1", "local-1", "ip-10-0-0-1", VolumeType.LVM, "pool", 5 * Gi, "Bound"));
        var before = cache.Current;

        cache.ApplyNode(new NodeFact("node-1", "ip-10-0-0-1")); // a status heartbeat
        Assert.Same(before, cache.Current);

        cache.DeleteNode("node-1");
        Assert.Equal(0, Used(cache, "node-1"));
        Assert.Equal("ip-10-0-0-1", cache.Current.PersistentVolumes["pv-1"].NodeName);
    }
}
