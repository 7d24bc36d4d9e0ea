using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Tests.Scheduling;

/// <summary>Demands of a pod (extender.md §4.1), including the request-level failure texts.</summary>
public sealed class PodDemandResolverTests
{
    private const long Gi = 1L << 30;

    private static readonly SchedulingCache Cache = Build();

    private static SchedulingCache Build()
    {
        var cache = new SchedulingCache();
        cache.ApplyStorageClass(new StorageClassFact("open-local-lvm", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "LVM" }));
        cache.ApplyStorageClass(new StorageClassFact("yoda-device-ssd", "yodaplugin.csi.alibabacloud.com", new Dictionary<string, string> { ["volumeType"] = "Device", ["mediaType"] = "ssd" }));
        cache.ApplyStorageClass(new StorageClassFact("bad-media", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "Device", ["mediaType"] = "nvme" }));
        cache.ApplyStorageClass(new StorageClassFact("quota", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "Quota" }));
        cache.ApplyStorageClass(new StorageClassFact("empty-type", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "" }));
        cache.ApplyStorageClass(new StorageClassFact("lower-type", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "lvm" }));
        cache.ApplyStorageClass(new StorageClassFact("pinned", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "LVM", ["vgName"] = "pool-1" }));
        cache.ApplyStorageClass(new StorageClassFact("other", "ebs.csi.aws.com", new Dictionary<string, string>()));
        cache.ApplyClaim(new ClaimFact("default", "html", "Pending", "open-local-lvm", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "limits-only", "Pending", "pinned", 0, 3 * Gi));
        cache.ApplyClaim(new ClaimFact("default", "bound", "Bound", "open-local-lvm", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "ebs", "Pending", "other", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "ssd", "Pending", "yoda-device-ssd", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "nvme", "Pending", "bad-media", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "quota", "Pending", "quota", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "empty-type", "Pending", "empty-type", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "lower-type", "Pending", "lower-type", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "no-class", "Pending", "missing-class", 5 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "web-0-cache", "Pending", "open-local-lvm", 2 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "restore", "Pending", "open-local-lvm", 5 * Gi, 0) { SnapshotSource = "snap" });
        cache.ApplyClaim(new ClaimFact("default", "restore-pending", "Pending", "open-local-lvm", 5 * Gi, 0) { SnapshotSource = "not-ready" });
        cache.ApplyVolumeSnapshot(new VolumeSnapshotFact("default", "snap", "snapcontent-1", true));
        cache.ApplyVolumeSnapshot(new VolumeSnapshotFact("default", "not-ready", null, false));
        cache.ApplySnapshotContent(new VolumeSnapshotContentFact("snapcontent-1", "snap-1"));
        cache.ApplyLocalSnapshot(new LocalSnapshotFact("snap-1", "node-7", "pool-0", true, Gi));
        return cache;
    }

    private static PodWire Pod(params VolumeWire[] volumes) => new()
    {
        Metadata = new ObjectMetaWire { Name = "web-0", Namespace = "default", Uid = "u1" },
        Spec = new PodSpecWire { Volumes = [.. volumes] },
    };

    private static VolumeWire Claim(string name) => new() { Name = name, PersistentVolumeClaim = new ClaimSourceWire { ClaimName = name } };

    private static PodDemands Resolve(PodWire pod) => PodDemandResolver.Resolve(pod, Cache.Current);

    [Fact]
    public void Pod_without_storage_volumes_is_skipped()
    {
        Assert.True(Resolve(Pod(new VolumeWire { Name = "cfg" })).IsSkipped);
        Assert.True(Resolve(new PodWire()).IsSkipped);
    }

    [Fact]
    public void Bound_foreign_and_classless_claims_give_no_demand()
    {
        var demands = Resolve(Pod(Claim("bound"), Claim("ebs")));

        Assert.False(demands.IsSkipped);
        Assert.False(demands.HasLocalDemands);
        Assert.Null(demands.RequestFailure);
    }

    [Fact]
    public void Unbound_claims_of_our_classes_become_demands()
    {
        var demands = Resolve(Pod(Claim("html"), Claim("ssd"), Claim("limits-only")));

        Assert.Equal(3, demands.Count);
        Assert.Equal(1, demands.DeviceCount);
        // limits-only: requests.storage is 0, so limits.storage (3Gi) is the size, pinned to pool-1.
        var node = new NodeBuilder("n").Vg("pool-1", 3 * Gi).Vg("pool-2", 100 * Gi).Device("/dev/vdb", 10 * Gi, MediaType.Ssd).Build();
        Assert.Null(StorageFit.Check(node, "n", demands, Domain.Placement.PlacementStrategy.Binpack, new SchedulingScratch()));
    }

    [Theory]
    [InlineData("missing", "pvc default/missing not found")]
    [InlineData("no-class", "storage class missing-class of pvc default/no-class not found")]
    [InlineData("nvme", "mediaType nvme not support! pvc: default/nvme")]
    [InlineData("quota", "volumeType Quota not support! pvc: default/quota")]
    [InlineData("empty-type", "volumeType is required (LVM, Device or MountPoint) in storage class empty-type! pvc: default/empty-type")]
    [InlineData("lower-type", "volumeType lvm not support! pvc: default/lower-type")]
    [InlineData("restore-pending", "snapshot default/not-ready is not ready")]
    public void Problems_of_the_pod_fail_the_whole_request(string claim, string message)
    {
        Assert.Equal(message, Resolve(Pod(Claim(claim))).RequestFailure);
    }

    [Fact]
    public void Generic_ephemeral_volume_uses_the_pod_volume_pvc_name()
    {
        var demands = Resolve(Pod(new VolumeWire { Name = "cache", Ephemeral = System.Text.Json.JsonDocument.Parse("{}").RootElement }));

        Assert.Equal(1, demands.Count);
    }

    [Fact]
    public void Inline_volume_needs_a_vg_name()
    {
        var ok = new VolumeWire { Name = "scratch", Csi = new CsiSourceWire { Driver = "local.csi.aliyun.com", VolumeAttributes = new() { ["vgName"] = "pool-0", ["size"] = "2Gi" } } };
        var noVg = new VolumeWire { Name = "scratch", Csi = new CsiSourceWire { Driver = "local.csi.aliyun.com", VolumeAttributes = new() { ["size"] = "2Gi" } } };
        var badSize = new VolumeWire { Name = "scratch", Csi = new CsiSourceWire { Driver = "local.csi.aliyun.com", VolumeAttributes = new() { ["vgName"] = "pool-0", ["size"] = "lots" } } };
        var foreign = new VolumeWire { Name = "secrets", Csi = new CsiSourceWire { Driver = "secrets-store.csi.k8s.io" } };

        Assert.Equal(1, Resolve(Pod(ok)).Count);
        Assert.Equal("no vgName found in inline volume of Pod default/web-0", Resolve(Pod(noVg)).RequestFailure);
        Assert.Equal("no vgName found in inline volume of Pod default/web-0", Resolve(Pod(badSize)).RequestFailure);
        Assert.False(Resolve(Pod(foreign)).HasLocalDemands);
    }

    [Fact]
    public void Restore_claim_is_pinned_to_the_snapshot_node()
    {
        var demands = Resolve(Pod(Claim("restore")));
        var scratch = new SchedulingScratch();
        var strategy = Domain.Placement.PlacementStrategy.Binpack;

        Assert.Null(StorageFit.Check(new NodeBuilder("node-7").Vg("pool-0", Gi, Gi).Build(), "node-7", demands, strategy, scratch));
        Assert.Equal("no lvm volume found when creating LVM readonly snapshot: snapshot default/snap lives on node node-7",
            StorageFit.Check(new NodeBuilder("node-8").Vg("pool-0", 100 * Gi).Build(), "node-8", demands, strategy, scratch));
    }
}
