using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using static OpenLocal.Hosts.Extender.Tests.Scheduling.NodeBuilder;

namespace OpenLocal.Hosts.Extender.Tests.Scheduling;

/// <summary>The predicate cases and exact failure texts of extender.md §4.2–4.3.</summary>
public sealed class StorageFitTests
{
    private static readonly SchedulingScratch Scratch = new();

    private static string? Check(NodeSnapshot? node, PodDemands pod, PlacementStrategy strategy = PlacementStrategy.Binpack, string? name = null) =>
        StorageFit.Check(node, name ?? node?.Name ?? "node-x", pod, strategy, Scratch);

    [Fact]
    public void Lvm_claim_that_does_not_fit_reports_open_locals_text()
    {
        var node = new NodeBuilder("node-2").Vg("open-local-pool-0", 100 * Gi, 90 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/html", 20 * Gi, "open-local-pool-0")]);

        Assert.Equal(
            "Insufficient LVM storage on node node-2, vg is open-local-pool-0, pvc requested 20Gi, vg used 90Gi, vg capacity 100Gi",
            Check(node, pod));
    }

    [Fact]
    public void Pinned_vg_missing_on_node()
    {
        var node = new NodeBuilder("node-3").Vg("open-local-pool-0", 100 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/html", 1 * Gi, "open-local-pool-1")]);

        Assert.Equal("no vg(LVM) named open-local-pool-1 in node node-3", Check(node, pod));
    }

    [Fact]
    public void Unpinned_claim_on_node_without_vgs()
    {
        var node = new NodeBuilder("n1").Device("/dev/vdb", 10 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/a", 1 * Gi)]);

        Assert.Equal(
            "no LVM storage configured on node n1. you can run commands \"kubectl get nls --template={{.spec}} -o template n1\" and \"vgscan\" and \"lsblk\" on this node to get more details",
            Check(node, pod));
    }

    [Fact]
    public void Unpinned_claim_too_big_names_the_roomiest_vg()
    {
        var node = new NodeBuilder("n1").Vg("a", 100 * Gi, 50 * Gi).Vg("b", 100 * Gi, 30 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/a", 80 * Gi)]);

        Assert.Equal("Insufficient LVM storage on node n1, vg is b, pvc requested 80Gi, vg used 30Gi, vg capacity 100Gi", Check(node, pod));
    }

    [Fact]
    public void Missing_node_local_storage_fails_only_pods_with_local_demands()
    {
        Assert.Equal("no open-local storage on node gone: NodeLocalStorage not found",
            Check(null, PodDemands.Of([Demand.Lvm("default/a", Gi)]), name: "gone"));
        Assert.Null(Check(null, PodDemands.None, name: "gone"));
        Assert.Null(Check(null, PodDemands.Skip, name: "gone"));
    }

    [Fact]
    public void Request_failure_fails_every_node_with_the_same_text()
    {
        var pod = PodDemands.Failed("pvc default/x not found");

        Assert.Equal("pvc default/x not found", Check(new NodeBuilder("a").Vg("p", Gi).Build(), pod));
        Assert.Equal("pvc default/x not found", Check(null, pod, name: "b"));
    }

    [Fact]
    public void Spdk_and_ordinary_volumes_never_share_a_node()
    {
        var spdkNode = new NodeBuilder("s1").Vg("p", 100 * Gi).Spdk().Build();
        var ordinary = PodDemands.Of([Demand.Lvm("default/a", Gi)]);
        var spdk = PodDemands.Of([Demand.Lvm("default/a", Gi) with { Spdk = true }]);

        Assert.Equal("node s1 storage type (SPDK=true) does not match", Check(spdkNode, ordinary));
        Assert.Null(Check(spdkNode, spdk));
        Assert.Equal("node n1 storage type (SPDK=false) does not match", Check(new NodeBuilder("n1").Vg("p", 100 * Gi).Build(), spdk));
    }

    [Fact]
    public void Inline_and_claims_draw_on_one_working_copy()
    {
        // 10Gi free: an inline 6Gi and a claim 6Gi each fit alone but not together (E7).
        var node = new NodeBuilder("n1").Vg("p", 10 * Gi).Build();
        var pod = PodDemands.Of([Demand.Inline("default/pod/scratch", 6 * Gi, "p"), Demand.Lvm("default/a", 6 * Gi)]);

        Assert.Equal("Insufficient LVM storage on node n1, vg is p, pvc requested 6Gi, vg used 0, vg capacity 10Gi", Check(node, pod));
    }

    [Theory]
    // extender.md §4.3 vectors: free devices, claims → fits?
    [InlineData(new long[] { 1, 10 }, new long[] { 5, 6 }, false)] // open-local over-committed this one
    [InlineData(new long[] { 10, 10 }, new long[] { 5, 6 }, true)]
    [InlineData(new long[] { 5, 10 }, new long[] { 6 }, true)]
    [InlineData(new long[] { 4 }, new long[0], true)]
    [InlineData(new long[0], new long[] { 1 }, false)]
    public void Device_min_fit_vectors(long[] devicesGi, long[] claimsGi, bool fits)
    {
        var builder = new NodeBuilder("n1");
        for (var i = 0; i < devicesGi.Length; i++)
            builder.Device($"/dev/vd{(char)('b' + i)}", devicesGi[i] * Gi);
        var demands = new List<StorageDemand>();
        for (var i = 0; i < claimsGi.Length; i++)
            demands.Add(Demand.Device($"default/c{i}", claimsGi[i] * Gi));

        var failure = Check(builder.Build(), PodDemands.Of(demands));

        Assert.Equal(fits, failure is null);
    }

    [Fact]
    public void Device_over_commit_is_reported_with_the_largest_free_device()
    {
        var node = new NodeBuilder("n1").Device("/dev/vdb", 1 * Gi).Device("/dev/vdc", 10 * Gi).Build();
        var pod = PodDemands.Of([Demand.Device("default/a", 5 * Gi), Demand.Device("default/b", 6 * Gi)]);

        Assert.Equal("Insufficient Device storage, pvc requested size is 6Gi, max size of local devices on node n1 is 10Gi", Check(node, pod));
    }

    [Fact]
    public void Device_count_failure_per_media()
    {
        var node = new NodeBuilder("n1").Device("/dev/vdb", 10 * Gi, MediaType.Ssd).Device("/dev/vdc", 10 * Gi, MediaType.Hdd)
            .Device("/dev/vdd", 10 * Gi, MediaType.Hdd, taken: true).Build();
        var pod = PodDemands.Of([Demand.Device("default/a", Gi, MediaType.Hdd), Demand.Device("default/b", Gi, MediaType.Hdd)]);

        Assert.Equal(
            "Insufficient Device(hdd) storage on node n1, pod requested pvc count is 2, node available device count is 1, node device total is 2",
            Check(node, pod));
    }

    [Fact]
    public void Any_media_claims_take_what_media_specific_claims_left()
    {
        var node = new NodeBuilder("n1").Device("/dev/vdb", 10 * Gi, MediaType.Ssd).Device("/dev/vdc", 10 * Gi, MediaType.Hdd).Build();
        var fits = PodDemands.Of([Demand.Device("default/a", Gi, MediaType.Ssd), Demand.Device("default/b", Gi, media: null)]);
        var tooMany = PodDemands.Of([Demand.Device("default/a", Gi, MediaType.Ssd), Demand.Device("default/b", Gi, null), Demand.Device("default/c", Gi, null)]);

        Assert.Null(Check(node, fits));
        Assert.Equal(
            "Insufficient Device(any) storage on node n1, pod requested pvc count is 2, node available device count is 1, node device total is 2",
            Check(node, tooMany));
    }

    [Fact]
    public void Mount_points_use_mp_wording_and_skip_ineligible_filesystems()
    {
        var node = new NodeBuilder("n1").MountPoint("/mnt/a", 10 * Gi).MountPoint("/mnt/b", 10 * Gi, fsType: "btrfs").Build();
        var pod = PodDemands.Of([Demand.MountPoint("default/a", Gi), Demand.MountPoint("default/b", Gi)]);

        Assert.Equal(
            "Insufficient MountPoint(hdd) storage on node n1, pod requested pvc count is 2, node available mp count is 1, node total mp is 1",
            Check(node, pod));
    }

    [Fact]
    public void Two_claims_fit_only_together_on_one_node()
    {
        // A pod with a 30Gi LVM claim and a 50Gi hdd device claim: node-a has the VG space but only a
        // small device; node-b has the device but a full VG; only node-c holds both at once.
        var pod = PodDemands.Of([Demand.Lvm("default/db", 30 * Gi), Demand.Device("default/wal", 50 * Gi)]);
        var nodeA = new NodeBuilder("node-a").Vg("p", 100 * Gi).Device("/dev/vdb", 20 * Gi).Build();
        var nodeB = new NodeBuilder("node-b").Vg("p", 100 * Gi, 80 * Gi).Device("/dev/vdb", 100 * Gi).Build();
        var nodeC = new NodeBuilder("node-c").Vg("p", 100 * Gi, 60 * Gi).Device("/dev/vdb", 60 * Gi).Build();

        Assert.Equal("Insufficient Device storage, pvc requested size is 50Gi, max size of local devices on node node-a is 20Gi", Check(nodeA, pod));
        Assert.Equal("Insufficient LVM storage on node node-b, vg is p, pvc requested 30Gi, vg used 80Gi, vg capacity 100Gi", Check(nodeB, pod));
        Assert.Null(Check(nodeC, pod));
    }

    [Fact]
    public void Two_lvm_claims_fit_only_when_placed_in_different_vgs()
    {
        // VGs with 40Gi and 30Gi free; claims 35Gi and 25Gi: binpack must still accumulate and put
        // the larger first (§5.1) — 35 → a (only fit), 25 → b.
        var node = new NodeBuilder("n1").Vg("a", 40 * Gi).Vg("b", 30 * Gi).Build();
        var pod = PodDemands.Of([Demand.Lvm("default/small", 25 * Gi), Demand.Lvm("default/big", 35 * Gi)]);

        Assert.Null(Check(node, pod, PlacementStrategy.Binpack));
        Assert.Null(Check(node, pod, PlacementStrategy.Spread));
        var tooMuch = PodDemands.Of([Demand.Lvm("default/a", 25 * Gi), Demand.Lvm("default/b", 35 * Gi), Demand.Lvm("default/c", 10 * Gi)]);
        Assert.NotNull(Check(node, tooMuch));
    }

    [Fact]
    public void Restore_is_pinned_to_the_snapshots_node_and_read_only_restores_take_no_space()
    {
        var pin = new SnapshotPin("default/snap-1", "node-1", "p", RestoreMode.ReadOnly);
        var pod = PodDemands.Of([Demand.Lvm("default/restored", 50 * Gi, "p") with { Pin = pin }]);
        var full = new NodeBuilder("node-1").Vg("p", 10 * Gi, 10 * Gi).Build();
        var other = new NodeBuilder("node-2").Vg("p", 100 * Gi).Build();

        Assert.Null(Check(full, pod));
        Assert.Equal("no lvm volume found when creating LVM readonly snapshot: snapshot default/snap-1 lives on node node-1", Check(other, pod));
    }

    [Fact]
    public void Min_fit_agrees_with_the_domain_exclusive_placement_on_random_vectors()
    {
        var random = new Random(7);
        for (var round = 0; round < 500; round++)
        {
            var builder = new NodeBuilder("n");
            var resources = new List<ExclusiveDevice>();
            var deviceCount = random.Next(0, 6);
            for (var i = 0; i < deviceCount; i++)
            {
                var media = random.Next(2) == 0 ? MediaType.Ssd : MediaType.Hdd;
                var size = random.Next(1, 20) * Gi;
                builder.Device($"/dev/d{i}", size, media);
                resources.Add(new ExclusiveDevice($"/dev/d{i}", media, size));
            }
            var demands = new List<StorageDemand>();
            var claims = new List<ExclusiveClaim>();
            var claimCount = random.Next(0, 5);
            for (var i = 0; i < claimCount; i++)
            {
                MediaType? media = random.Next(3) switch { 0 => MediaType.Ssd, 1 => MediaType.Hdd, _ => null };
                var size = random.Next(1, 20) * Gi;
                demands.Add(Demand.Device($"default/c{i}", size, media));
                claims.Add(new ExclusiveClaim($"default/c{i}", size, media));
            }

            var expected = ExclusivePlacement.Assign(resources, claims) is not null;

            Assert.Equal(expected, Check(builder.Build(), PodDemands.Of(demands)) is null);
        }
    }
}
