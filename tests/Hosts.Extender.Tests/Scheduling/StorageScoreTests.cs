using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using static OpenLocal.Hosts.Extender.Tests.Scheduling.NodeBuilder;

namespace OpenLocal.Hosts.Extender.Tests.Scheduling;

/// <summary>The score vectors of extender.md §5.3, computed by hand.</summary>
public sealed class StorageScoreTests
{
    private static readonly SchedulingScratch Scratch = new();

    private static int Score(NodeSnapshot? node, PodDemands pod, PlacementStrategy strategy, NodeAntiAffinity? anti = null) =>
        StorageScore.Score(node, node?.Name ?? "missing", pod, strategy, anti ?? NodeAntiAffinity.None, Scratch);

    [Theory]
    // node A: used 90Gi of 100Gi; c = (90 + 5) / 100 = 0.95 → binpack floor(9.5) = 9, spread floor(0.5) = 0
    [InlineData(90, PlacementStrategy.Binpack, 9)]
    [InlineData(90, PlacementStrategy.Spread, 0)]
    // node B: empty; c = 5 / 100 = 0.05 → binpack 0, spread floor(9.5) = 9
    [InlineData(0, PlacementStrategy.Binpack, 0)]
    [InlineData(0, PlacementStrategy.Spread, 9)]
    public void Lvm_vector_prefers_fuller_nodes_with_binpack_and_emptier_with_spread(long usedGi, PlacementStrategy strategy, int expected)
    {
        var node = new NodeBuilder("A").Vg("pool", 100 * Gi, usedGi * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/html", 5 * Gi)]);

        Assert.Equal(expected, Score(node, pod, strategy));
    }

    [Fact]
    public void Node_that_fails_the_filter_scores_zero()
    {
        var nodeC = new NodeBuilder("C").Vg("pool", 100 * Gi, 96 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/html", 5 * Gi)]);

        Assert.Equal(0, Score(nodeC, pod, PlacementStrategy.Binpack));
        Assert.Equal(0, Score(nodeC, pod, PlacementStrategy.Spread));
    }

    [Fact]
    public void Device_vector_scores_five_not_open_locals_seven()
    {
        // c = 5/10 (smallest fitting hdd device is 10Gi), k = min(1, 1/2) → floor(10 × 1.0 / 2) = 5
        var node = new NodeBuilder("D").Device("/dev/vdb", 10 * Gi).Device("/dev/vdc", 100 * Gi).Build();
        var pod = PodDemands.Of([Demand.Device("default/data", 5 * Gi)]);

        Assert.Equal(5, Score(node, pod, PlacementStrategy.Binpack));
    }

    [Fact]
    public void Anti_affinity_vector_keeps_mount_point_nodes_for_pods_that_need_them()
    {
        var anti = NodeAntiAffinity.Parse("MountPoint=5");
        var podWithForeignPvcOnly = PodDemands.None;
        var x = new NodeBuilder("X").MountPoint("/mnt/open-local/disk1", 100 * Gi).Build();

        // X: c = 0 (local node), a = 0 (it has free mount points) → 0
        Assert.Equal(0, Score(x, podWithForeignPvcOnly, PlacementStrategy.Binpack, anti));
        // Y: no NodeLocalStorage at all: c = 1, a = 5/10 → floor(10 × 1.5 / 2) = 7
        Assert.Equal(7, StorageScore.Score(null, "Y", podWithForeignPvcOnly, PlacementStrategy.Binpack, anti, Scratch));
    }

    [Fact]
    public void Pod_without_volumes_scores_zero_everywhere_without_anti_affinity()
    {
        var y = new NodeBuilder("Y").Build();

        Assert.Equal(0, Score(y, PodDemands.Skip, PlacementStrategy.Binpack));
        Assert.Equal(0, StorageScore.Score(null, "Z", PodDemands.Skip, PlacementStrategy.Spread, NodeAntiAffinity.None, Scratch));
    }

    [Fact]
    public void Exact_arithmetic_floors_a_tenth_times_ten_to_one()
    {
        // Two VGs of 100Gi, the pod puts 2Gi in one and 18Gi in the other: c = (0.02 + 0.18) / 2 = 0.1
        // exactly, so binpack scores floor(1.0) = 1. In double arithmetic this is 0.9999999999999999 → 0.
        var node = new NodeBuilder("E").Vg("a", 100 * Gi).Vg("b", 100 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/x", 2 * Gi, "a"), Demand.Lvm("default/y", 18 * Gi, "b")]);

        Assert.Equal(1, Score(node, pod, PlacementStrategy.Binpack));
        Assert.Equal(9, Score(node, pod, PlacementStrategy.Spread));
    }

    [Fact]
    public void Lvm_and_device_parts_are_averaged_and_count_component_added()
    {
        // LVM: (50 + 10) / 100 = 0.6; device: 5/10 = 0.5 → c = 0.55; k = min(1, 1/2) = 0.5
        // binpack: floor(10 × 1.05 / 2) = 5
        var node = new NodeBuilder("F").Vg("pool", 100 * Gi, 50 * Gi).Device("/dev/vdb", 10 * Gi).Device("/dev/vdc", 20 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/a", 10 * Gi), Demand.Device("default/b", 5 * Gi)]);

        Assert.Equal(5, Score(node, pod, PlacementStrategy.Binpack));
    }

    [Fact]
    public void Score_never_exceeds_ten()
    {
        // c = 1 (VG full after the pod, device exactly fits), k = 1 (the only device), a = 1 (MountPoint=10
        // triggers: the pod asks for no mount point and the node has none) → floor(10 × 3 / 3) = 10, not 30.
        var node = new NodeBuilder("G").Vg("pool", 10 * Gi).Device("/dev/vdb", 10 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/a", 10 * Gi), Demand.Device("default/b", 10 * Gi)]);

        Assert.Equal(10, Score(node, pod, PlacementStrategy.Binpack, NodeAntiAffinity.Parse("MountPoint=10")));
    }

    [Fact]
    public void Spread_accumulates_two_claims_of_one_pod()
    {
        // Two VGs with 100Gi free each; two 60Gi claims: spread puts one in each (cumulative, E6).
        var node = new NodeBuilder("H").Vg("a", 100 * Gi).Vg("b", 100 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/x", 60 * Gi), Demand.Lvm("default/y", 60 * Gi)]);

        Assert.Null(StorageFit.Check(node, "H", pod, PlacementStrategy.Spread, Scratch));
        // both VGs at 0.6 → spread c = 0.4 → 4
        Assert.Equal(4, Score(node, pod, PlacementStrategy.Spread));
    }

    [Fact]
    public void Mount_point_media_restricts_the_fit()
    {
        var node = new NodeBuilder("M").MountPoint("/mnt/a", 10 * Gi, MediaType.Ssd).MountPoint("/mnt/b", 40 * Gi, MediaType.Hdd).Build();
        var pod = PodDemands.Of([Demand.MountPoint("default/m", 5 * Gi, MediaType.Hdd)]);

        // c = 5/40 = 0.125; k = min(1, 1/2) = 0.5 → floor(10 × 0.625 / 2) = 3
        Assert.Equal(3, Score(node, pod, PlacementStrategy.Binpack));
    }
}
