using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;

namespace OpenLocal.Hosts.Extender.Tests.Cache;

/// <summary>The event-application rules of extender.md §6.2 and the ledger rule of crds.md §5.</summary>
public sealed class SchedulingCacheTests
{
    private const long Gi = 1L << 30;

    private static NodeStorageReport Report(string node, long vgBytes, params ReportedDevice[] devices) =>
        new(node, false, [new ReportedVolumeGroup("pool", vgBytes)], devices, []);

    private static long Used(SchedulingCache cache, string node = "node-1") => cache.Current.Nodes[node].VolumeGroups[0].Used;

    private static SchedulingCache WithNode(long vgBytes = 100 * Gi)
    {
        var cache = new SchedulingCache();
        cache.ApplyNodeStorage(Report("node-1", vgBytes));
        return cache;
    }

    [Fact]
    public void Node_local_storage_update_changes_capacity_and_delete_removes_the_node()
    {
        var cache = WithNode(100 * Gi);
        cache.ApplyNodeStorage(Report("node-1", 200 * Gi));

        Assert.Equal(200 * Gi, cache.Current.Nodes["node-1"].VolumeGroups[0].Capacity);

        cache.DeleteNodeStorage("node-1");
        Assert.False(cache.Current.Nodes.ContainsKey("node-1"));
    }

    [Fact]
    public void Local_volume_counts_before_the_pv_and_once_after_it()
    {
        var cache = WithNode();
        cache.ApplyLocalVolume(new LocalVolumeFact("local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, 0, false));
        Assert.Equal(5 * Gi, Used(cache));

        cache.ApplyPersistentVolume(new PersistentVolumeFact("local-1", "local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, "Bound"));
        cache.ApplyPersistentVolume(new PersistentVolumeFact("local-1", "local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, "Bound")); // resync

        Assert.Equal(5 * Gi, Used(cache));
        Assert.Equal(1, cache.Current.Nodes["node-1"].AllocatedNum);
    }

    [Fact]
    public void Delete_releases_only_when_every_source_is_gone()
    {
        var cache = WithNode();
        var pv = new PersistentVolumeFact("local-1", "local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, "Bound");
        cache.ApplyLocalVolume(new LocalVolumeFact("local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, 5 * Gi, false));
        cache.ApplyPersistentVolume(pv);

        cache.DeletePersistentVolume(pv);
        Assert.Equal(5 * Gi, Used(cache)); // LocalVolume still holds it (finalizer not removed yet)

        cache.DeleteLocalVolume("local-1");
        Assert.Equal(0, Used(cache));
        Assert.Equal(0, cache.Current.Nodes["node-1"].AllocatedNum);
    }

    [Fact]
    public void Expansion_raises_usage_by_the_delta()
    {
        var cache = WithNode();
        cache.ApplyLocalVolume(new LocalVolumeFact("local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, 5 * Gi, false));
        cache.ApplyPersistentVolume(new PersistentVolumeFact("local-1", "local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, "Bound"));

        cache.ApplyLocalVolume(new LocalVolumeFact("local-1", "node-1", VolumeType.LVM, "pool", 8 * Gi, 5 * Gi, false));

        Assert.Equal(8 * Gi, Used(cache));
    }

    [Fact]
    public void Pending_pvs_are_not_placed_and_legacy_pvs_without_local_volume_count()
    {
        var cache = WithNode();
        cache.ApplyPersistentVolume(new PersistentVolumeFact("p0", "p0", "node-1", VolumeType.LVM, "pool", 3 * Gi, "Pending"));
        Assert.Equal(0, Used(cache));

        cache.ApplyPersistentVolume(new PersistentVolumeFact("yoda-1", "yoda-1", "node-1", VolumeType.LVM, "pool", 3 * Gi, "Bound"));
        Assert.Equal(3 * Gi, Used(cache));
    }

    [Fact]
    public void Read_only_restore_holds_nothing()
    {
        var cache = WithNode();
        cache.ApplyLocalVolume(new LocalVolumeFact("local-r", "node-1", VolumeType.LVM, "pool", 5 * Gi, 5 * Gi, ReadOnlyRestore: true));

        Assert.Equal(0, Used(cache));
    }

    [Fact]
    public void Inline_volume_counts_from_binding_until_its_local_volume_replaces_it_and_the_pod_goes()
    {
        var cache = WithNode();
        var pod = new PodFact("uid-1", "default", "web", "node-1", false, [new InlineVolumeFact("scratch", "pool", 2 * Gi)]);
        cache.ApplyPod(pod);
        cache.ApplyPod(pod); // update with the same content
        Assert.Equal(2 * Gi, Used(cache));

        var id = SchedulingCache.InlineVolumeId("uid-1", "scratch");
        cache.ApplyLocalVolume(new LocalVolumeFact(id, "node-1", VolumeType.LVM, "pool", 2 * Gi + (4 << 20), 0, false));
        Assert.Equal(2 * Gi + (4 << 20), Used(cache)); // the LocalVolume's (extent-rounded) size, once

        cache.ApplyPod(pod with { Terminated = true });
        cache.DeleteLocalVolume(id);
        Assert.Equal(0, Used(cache));
    }

    [Fact]
    public void Devices_are_taken_by_volumes_naming_them()
    {
        var cache = new SchedulingCache();
        cache.ApplyNodeStorage(Report("node-1", Gi, new ReportedDevice("/dev/vdb", 10 * Gi, MediaType.Hdd)));
        cache.ApplyLocalVolume(new LocalVolumeFact("local-d", "node-1", VolumeType.Device, "/dev/vdb", 5 * Gi, 0, false));

        Assert.True(cache.Current.Nodes["node-1"].Devices[0].IsTaken);

        cache.DeleteLocalVolume("local-d");
        Assert.False(cache.Current.Nodes["node-1"].Devices[0].IsTaken);
    }

    [Fact]
    public void Volumes_arriving_before_their_node_count_once_it_appears()
    {
        var cache = new SchedulingCache();
        cache.ApplyLocalVolume(new LocalVolumeFact("local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, 0, false));
        cache.ApplyNodeStorage(Report("node-1", 100 * Gi));

        Assert.Equal(5 * Gi, Used(cache));
    }

    [Fact]
    public void Local_snapshots_hold_vg_space()
    {
        var cache = WithNode();
        cache.ApplyLocalSnapshot(new LocalSnapshotFact("snap-1", "node-1", "pool", true, 4 * Gi));
        Assert.Equal(4 * Gi, Used(cache));

        cache.DeleteLocalSnapshot("snap-1");
        Assert.Equal(0, Used(cache));
    }

    [Fact]
    public void Readers_keep_their_snapshot_while_the_writer_publishes()
    {
        var cache = WithNode();
        var before = cache.Current;
        cache.ApplyLocalVolume(new LocalVolumeFact("local-1", "node-1", VolumeType.LVM, "pool", 5 * Gi, 0, false));

        Assert.Equal(0, before.Nodes["node-1"].VolumeGroups[0].Used);
        Assert.NotSame(before, cache.Current);
    }

    [Fact]
    public void Inline_volume_id_is_kubelets()
    {
        // sha256("uid-1" + "scratch") computed independently: echo -n uid-1scratch | sha256sum
        Assert.Equal("csi-a919eb5a57ed1bf8c61a802fc713b36e9bfa4fbf009dfb5f4206d253a3a3dc32", SchedulingCache.InlineVolumeId("uid-1", "scratch"));
    }
}
