using System.Net;
using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;
using static OpenLocal.Hosts.Extender.Tests.Compat.CompatCluster;

namespace OpenLocal.Hosts.Extender.Tests.Compat;

/// <summary>The compatibility provisioning API of extender.md §7 over a real socket.</summary>
public sealed class CompatApiTests
{
    private static string Lvm(string claim, string vg) =>
        $$"""{"node":"node-1","disk":"","vgName":"{{vg}}","device":"","volumeType":"LVM","persistentVolumeClaim":"default/{{claim}}"}""";

    [Theory]
    [InlineData(PlacementStrategy.Binpack, Pool1)] // least free space that fits: pool-1 (50Gi) before pool-0 (95Gi)
    [InlineData(PlacementStrategy.Spread, Pool0)]
    public async Task Lvm_claim_without_vgName_gets_the_vg_the_strategy_chooses(PlacementStrategy strategy, string expectedVg)
    {
        await using var cluster = await StartAsync(strategy);
        cluster.AddPendingClaim("html-nginx-lvm-0", "open-local-lvm", 20 * Gi);

        var (status, body, type) = await cluster.CallAsync("html-nginx-lvm-0", "?nodeName=node-1&volumeType=LVM&vgName=");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        Assert.Equal(Lvm("html-nginx-lvm-0", expectedVg), body);
    }

    [Fact]
    public async Task Lvm_claim_with_vgName_gets_that_vg_even_when_binpack_prefers_another()
    {
        await using var cluster = await StartAsync(PlacementStrategy.Binpack);
        cluster.AddPendingClaim("html-nginx-lvm-0", "open-local-lvm-pool-0", 20 * Gi);

        var (status, body, _) = await cluster.CallAsync("html-nginx-lvm-0", $"?nodeName=node-1&volumeType=LVM&vgName={Pool0}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Lvm("html-nginx-lvm-0", Pool0), body);
        Assert.Equal(25 * Gi, cluster.Used(Pool0));
    }

    [Theory]
    [InlineData("open-local-device-hdd", "Device", "/dev/vdd")]
    [InlineData("open-local-mountpoint-hdd", "MountPoint", "/mnt/open-local/disk1")]
    public async Task Exclusive_claims_carry_the_path_in_both_disk_and_device(string storageClass, string type, string path)
    {
        await using var cluster = await StartAsync();
        cluster.AddPendingClaim("data", storageClass, 10 * Gi);

        var (status, body, _) = await cluster.CallAsync("data");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            $$"""{"node":"node-1","disk":"{{path}}","vgName":"","device":"{{path}}","volumeType":"{{type}}","persistentVolumeClaim":"default/data"}""",
            body);
        var node = cluster.Cache.Current.Nodes["node-1"];
        Assert.True(type == "Device" ? node.Devices[0].IsTaken : node.MountPoints[0].IsTaken, "the resource must be taken by the assumption");
    }

    [Fact]
    public async Task Repeated_and_concurrent_calls_return_the_same_answer_and_reserve_once()
    {
        await using var cluster = await StartAsync();
        cluster.AddPendingClaim("html-nginx-lvm-0", "open-local-lvm", 20 * Gi);

        var first = await cluster.CallAsync("html-nginx-lvm-0");
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cluster.CallAsync("html-nginx-lvm-0")));

        Assert.Equal(Lvm("html-nginx-lvm-0", Pool1), first.Body);
        Assert.All(concurrent, c => Assert.Equal((HttpStatusCode.OK, first.Body), (c.Status, c.Body)));
        Assert.Equal(20 * Gi, cluster.Used(Pool1));
        Assert.Equal(5 * Gi, cluster.Used(Pool0));
        var metrics = await cluster.Client.GetStringAsync("/metrics");
        Assert.Contains("openlocal_extender_request_duration_seconds_count{verb=\"scheduling\",code=\"200\"} 9\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_unbound_claims_of_the_pod_are_placed_together_and_each_call_returns_its_own()
    {
        await using var cluster = await StartAsync(PlacementStrategy.Binpack);
        cluster.Cache.ApplyClaim(new ClaimFact("default", "a", "Pending", "open-local-lvm", 30 * Gi, 0));
        cluster.Cache.ApplyClaim(new ClaimFact("default", "b", "Pending", "open-local-lvm", 30 * Gi, 0));
        cluster.Cache.ApplyPod(new PodFact("uid-1", "default", "db-0", null, false, []) { ClaimNames = ["a", "b"] });

        // §5.1: size descending, ties by key — a takes pool-1 (least free that fits), then b no longer fits there.
        var b = await cluster.CallAsync("b");
        var a = await cluster.CallAsync("a");

        Assert.Equal(Lvm("b", Pool0), b.Body);
        Assert.Equal(Lvm("a", Pool1), a.Body);
        Assert.Equal(30 * Gi, cluster.Used(Pool1));
        Assert.Equal(35 * Gi, cluster.Used(Pool0));
    }

    [Fact]
    public async Task Assumption_counts_for_following_predicates_until_the_pv_appears_and_then_counts_once()
    {
        await using var cluster = await StartAsync();
        cluster.AddPendingClaim("big", "open-local-lvm-pool-0", 80 * Gi);
        cluster.Cache.ApplyClaim(new ClaimFact("default", "next", "Pending", "open-local-lvm-pool-0", 20 * Gi, 0));
        Assert.Null(await cluster.FilterNode1Async("next"));

        Assert.Equal(HttpStatusCode.OK, (await cluster.CallAsync("big")).Status);
        const string Full = "Insufficient LVM storage on node node-1, vg is open-local-pool-0, pvc requested 20Gi, vg used 85Gi, vg capacity 100Gi";
        Assert.Equal(Full, await cluster.FilterNode1Async("next"));

        var pv = new PersistentVolumeFact("pvc-big", "local-big", "node-1", VolumeType.LVM, Pool0, 80 * Gi, "Bound") { ClaimNamespace = "default", ClaimName = "big" };
        cluster.Cache.ApplyPersistentVolume(pv);
        Assert.Equal(Full, await cluster.FilterNode1Async("next"));
        Assert.Equal(85 * Gi, cluster.Used(Pool0));

        // A retry once the volume exists answers from its PV and reserves nothing more.
        Assert.Equal((HttpStatusCode.OK, Lvm("big", Pool0)), await Call(cluster, "big"));
        Assert.Equal(85 * Gi, cluster.Used(Pool0));

        // The assumption went with the PV's arrival: deleting the PV frees the space.
        cluster.Cache.DeletePersistentVolume(pv);
        Assert.Equal(5 * Gi, cluster.Used(Pool0));
        Assert.Null(await cluster.FilterNode1Async("next"));
    }

    private static async Task<(HttpStatusCode, string)> Call(CompatCluster cluster, string claim)
    {
        var (status, body, _) = await cluster.CallAsync(claim);
        return (status, body);
    }

    [Fact]
    public async Task Assumption_is_dropped_when_the_claims_local_volume_appears()
    {
        await using var cluster = await StartAsync();
        cluster.AddPendingClaim("big", "open-local-lvm-pool-0", 80 * Gi);
        Assert.Equal(HttpStatusCode.OK, (await cluster.CallAsync("big")).Status);

        cluster.Cache.ApplyLocalVolume(new LocalVolumeFact("local-big", "node-1", VolumeType.LVM, Pool0, 80 * Gi, 0, false) { ClaimKey = "default/big" });
        Assert.Equal(85 * Gi, cluster.Used(Pool0));

        cluster.Cache.DeleteLocalVolume("local-big");
        Assert.Equal(5 * Gi, cluster.Used(Pool0));
    }

    [Fact]
    public async Task Assumption_expires_after_ten_minutes_without_any_other_event()
    {
        await using var cluster = await StartAsync();
        cluster.AddPendingClaim("big", "open-local-lvm-pool-0", 80 * Gi);
        cluster.Cache.ApplyClaim(new ClaimFact("default", "next", "Pending", "open-local-lvm-pool-0", 20 * Gi, 0));
        Assert.Equal(HttpStatusCode.OK, (await cluster.CallAsync("big")).Status);

        cluster.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(85 * Gi, cluster.Used(Pool0));
        Assert.NotNull(await cluster.FilterNode1Async("next"));

        cluster.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(5 * Gi, cluster.Used(Pool0));
        Assert.Null(await cluster.FilterNode1Async("next"));
    }

    [Fact]
    public async Task Expansion_of_a_bound_claim_answers_its_volume_and_reserves_the_growth()
    {
        await using var cluster = await StartAsync();
        var pv = new PersistentVolumeFact("pvc-data", "local-data", "node-1", VolumeType.LVM, Pool0, 5 * Gi, "Bound") { ClaimNamespace = "default", ClaimName = "data" };
        cluster.Cache.ApplyPersistentVolume(pv);
        cluster.Cache.ApplyClaim(new ClaimFact("default", "data", "Bound", "open-local-lvm", 8 * Gi, 0) { CapacityBytes = 5 * Gi });
        Assert.Equal(10 * Gi, cluster.Used(Pool0));

        var (status, body, _) = await cluster.CallAsync("data");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Lvm("data", Pool0), body);
        Assert.Equal(13 * Gi, cluster.Used(Pool0));

        // The PV reports the new size: the growth is counted once, by the PV.
        cluster.Cache.ApplyPersistentVolume(pv with { CapacityBytes = 8 * Gi });
        cluster.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(13 * Gi, cluster.Used(Pool0));
    }

    [Theory]
    [InlineData("Bound", 5L, "invalid status for scheduling pvc default/data: unexpected phase Bound")]
    [InlineData("Lost", 8L, "invalid status for scheduling pvc default/data: unexpected phase Lost")]
    public async Task Claims_neither_pending_nor_expanding_are_refused_with_open_locals_text(string phase, long capacityGi, string expected)
    {
        await using var cluster = await StartAsync();
        cluster.Cache.ApplyClaim(new ClaimFact("default", "data", phase, "open-local-lvm", 5 * Gi, 0) { CapacityBytes = capacityGi * Gi });

        var (status, body, type) = await cluster.CallAsync("data");

        Assert.Equal((HttpStatusCode.InternalServerError, expected, "text/plain"), (status, body, type));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?nodeName=")]
    [InlineData("?volumeType=LVM")]
    public async Task Missing_node_name_is_a_400(string query)
    {
        await using var cluster = await StartAsync();
        cluster.AddPendingClaim("html-nginx-lvm-0", "open-local-lvm", 20 * Gi);

        var (status, body, _) = await cluster.CallAsync("html-nginx-lvm-0", query);

        Assert.Equal((HttpStatusCode.BadRequest, "nodeName is required"), (status, body));
        Assert.Equal(5 * Gi, cluster.Used(Pool0));
        Assert.Equal(0, cluster.Used(Pool1));
    }

    [Fact]
    public async Task Unknown_claim_is_a_404_and_a_node_without_room_a_500_with_the_predicate_reason()
    {
        await using var cluster = await StartAsync();
        cluster.AddPendingClaim("huge", "open-local-lvm", 200 * Gi);

        var unknown = await cluster.CallAsync("nope");
        var huge = await cluster.CallAsync("huge");

        Assert.Equal((HttpStatusCode.NotFound, "pvc default/nope not found in the extender's cache"), (unknown.Status, unknown.Body));
        Assert.Equal(HttpStatusCode.InternalServerError, huge.Status);
        Assert.Equal(
            "failed to allocate local storage for pvc default/huge: Insufficient LVM storage on node node-1, vg is open-local-pool-0, pvc requested 200Gi, vg used 5Gi, vg capacity 100Gi",
            huge.Body);
    }
}
