using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Tests.Placement;

public sealed class VolumeGroupPlacementTests
{
    private const long GiB = 1L << 30;

    private static readonly VolumeGroupPool[] Pools =
    [
        new VolumeGroupPool("vg-b", 100 * GiB, 100 * GiB).Allocate("x", 70 * GiB), // 30 free
        new VolumeGroupPool("vg-a", 100 * GiB, 100 * GiB).Allocate("y", 40 * GiB), // 60 free
        new VolumeGroupPool("vg-c", 100 * GiB, 100 * GiB).Allocate("z", 95 * GiB), // 5 free
    ];

    [Theory]
    [InlineData(PlacementStrategy.Binpack, 10L, "vg-b")]
    [InlineData(PlacementStrategy.Binpack, 4L, "vg-c")]
    [InlineData(PlacementStrategy.Spread, 4L, "vg-a")]
    [InlineData(PlacementStrategy.Binpack, 60L, "vg-a")]
    public void Chooses_by_strategy_among_the_vgs_that_fit(PlacementStrategy strategy, long gib, string expected)
    {
        Assert.Equal(expected, VolumeGroupPlacement.Choose(Pools, gib * GiB, strategy)?.Name);
    }

    [Fact]
    public void Nothing_fits_returns_null()
    {
        Assert.Null(VolumeGroupPlacement.Choose(Pools, 61 * GiB, PlacementStrategy.Spread));
    }

    [Fact]
    public void A_pinned_vg_is_used_only_if_it_fits()
    {
        Assert.Equal("vg-c", VolumeGroupPlacement.Choose(Pools, 5 * GiB, PlacementStrategy.Spread, "vg-c")?.Name);
        Assert.Null(VolumeGroupPlacement.Choose(Pools, 6 * GiB, PlacementStrategy.Spread, "vg-c"));
        Assert.Null(VolumeGroupPlacement.Choose(Pools, 1, PlacementStrategy.Spread, "vg-unknown"));
    }

    [Fact]
    public void Ties_go_to_the_ordinally_smaller_name()
    {
        VolumeGroupPool[] equal = [new("vg-2", 10, 10), new("vg-1", 10, 10)];
        Assert.Equal("vg-1", VolumeGroupPlacement.Choose(equal, 1, PlacementStrategy.Binpack)?.Name);
        Assert.Equal("vg-1", VolumeGroupPlacement.Choose(equal, 1, PlacementStrategy.Spread)?.Name);
    }
}

public sealed class PoolPlacementTests
{
    private const long GiB = 1L << 30;

    private static NodeStorage Node(string name, long freeGiB) =>
        new(name, name, [new VolumeGroupPool("open-local-pool-0", 100 * GiB, freeGiB * GiB)], [], []);

    [Fact]
    public void Binpack_ranks_the_fullest_node_that_fits_first_and_spread_the_emptiest()
    {
        NodeStorage[] nodes = [Node("n1", 50), Node("n2", 20), Node("n3", 5)];
        var request = new PoolRequest(VolumeType.LVM, 10 * GiB);

        Assert.Equal(["n2", "n1"], PoolPlacement.RankNodes(nodes, request, PlacementStrategy.Binpack).Select(c => c.NodeName));
        Assert.Equal(["n1", "n2"], PoolPlacement.RankNodes(nodes, request, PlacementStrategy.Spread).Select(c => c.NodeName));
    }

    [Fact]
    public void Mount_points_with_other_filesystems_are_never_chosen()
    {
        var node = new NodeStorage("n1", "n1", [], [],
        [
            new MountPointPool("/mnt/open-local/a", MediaType.Hdd, 10 * GiB, "btrfs"),
            new MountPointPool("/mnt/open-local/b", MediaType.Hdd, 20 * GiB, "xfs"),
        ]);

        var choice = PoolPlacement.Choose(node, new PoolRequest(VolumeType.MountPoint, 1), PlacementStrategy.Binpack);
        Assert.Equal("/mnt/open-local/b", choice?.Pool);
    }

    [Fact]
    public void Devices_are_chosen_min_fit_within_the_media_type()
    {
        var node = new NodeStorage("n1", "n1", [],
        [
            new ExclusiveDevice("/dev/vdb", MediaType.Ssd, 100 * GiB),
            new ExclusiveDevice("/dev/vdc", MediaType.Ssd, 20 * GiB),
            new ExclusiveDevice("/dev/vdd", MediaType.Hdd, 10 * GiB),
        ], []);

        Assert.Equal("/dev/vdc", PoolPlacement.Choose(node, new PoolRequest(VolumeType.Device, 15 * GiB, null, MediaType.Ssd), PlacementStrategy.Spread)?.Pool);
        Assert.Equal("/dev/vdd", PoolPlacement.Choose(node, new PoolRequest(VolumeType.Device, 5 * GiB), PlacementStrategy.Spread)?.Pool);
        Assert.Null(PoolPlacement.Choose(node, new PoolRequest(VolumeType.Device, 15 * GiB, null, MediaType.Hdd), PlacementStrategy.Spread));
    }
}
