using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using static OpenLocal.Hosts.Extender.Tests.Scheduling.NodeBuilder;

namespace OpenLocal.Hosts.Extender.Tests.Scheduling;

/// <summary>The resource each demand gets (extender.md §7): the predicates' order and rules, made explicit.</summary>
public sealed class PodPlacementTests
{
    private static Dictionary<string, string> Place(NodeSnapshot node, PlacementStrategy strategy, params StorageDemand[] demands)
    {
        var pod = PodDemands.Of(demands);
        Assert.Null(StorageFit.Check(node, node.Name, pod, strategy, SchedulingScratch.ForCurrentThread()));
        return PodPlacement.Place(node, pod, strategy).ToDictionary(u => u.Demand.Key, u => u.Pool);
    }

    [Fact]
    public void Lvm_demands_accumulate_largest_first_with_binpack()
    {
        var node = new NodeBuilder("n").Vg("a", 100 * Gi, used: 50 * Gi).Vg("b", 100 * Gi, used: 60 * Gi).Build();

        // 30Gi: b (40 free) is the fullest that fits; 20Gi: b has 10 left, so a.
        var units = Place(node, PlacementStrategy.Binpack, Demand.Lvm("ns/small", 20 * Gi), Demand.Lvm("ns/large", 30 * Gi));

        Assert.Equal(new Dictionary<string, string> { ["ns/large"] = "b", ["ns/small"] = "a" }, units);
    }

    [Fact]
    public void Pinned_and_inline_volumes_take_their_vg_before_the_strategy_places_the_rest()
    {
        var node = new NodeBuilder("n").Vg("a", 100 * Gi).Vg("b", 50 * Gi).Build();

        // Inline 30Gi and pinned 15Gi use b first (5 left), so binpack sends the 10Gi claim to a.
        var units = Place(node, PlacementStrategy.Binpack,
            Demand.Lvm("ns/free", 10 * Gi), Demand.Lvm("ns/pinned", 15 * Gi, "b"), Demand.Inline("ns/pod/scratch", 30 * Gi, "b"));

        Assert.Equal("b", units["ns/pinned"]);
        Assert.Equal("a", units["ns/free"]);
    }

    [Fact]
    public void Exclusive_demands_get_the_smallest_fitting_resource_of_their_media()
    {
        var node = new NodeBuilder("n")
            .Device("/dev/big", 100 * Gi).Device("/dev/small", 10 * Gi).Device("/dev/ssd", 20 * Gi, MediaType.Ssd)
            .MountPoint("/mnt/a", 50 * Gi).MountPoint("/mnt/b", 20 * Gi, taken: true)
            .Build();

        var units = Place(node, PlacementStrategy.Binpack,
            Demand.Device("ns/d50", 50 * Gi), Demand.Device("ns/d5", 5 * Gi), Demand.Device("ns/any", 15 * Gi, media: null),
            Demand.MountPoint("ns/mp", 10 * Gi));

        Assert.Equal("/dev/small", units["ns/d5"]);
        Assert.Equal("/dev/big", units["ns/d50"]);
        Assert.Equal("/dev/ssd", units["ns/any"]); // any media, matched after hdd: the smallest remaining that fits
        Assert.Equal("/mnt/a", units["ns/mp"]);
    }
}
