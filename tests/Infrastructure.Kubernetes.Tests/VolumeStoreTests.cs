using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Volumes;
using Resource = OpenLocal.Infrastructure.Kubernetes.Resources.LocalVolume;

namespace OpenLocal.Infrastructure.Kubernetes.Tests;

/// <summary>The IVolumeStore / ISnapshotStore ports over LocalVolume / LocalSnapshot resources.</summary>
[Trait("Category", "Kubernetes")]
public sealed class VolumeStoreTests : ApiServerTest
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_volume_round_trips_through_its_LocalVolume_with_node_label_and_finalizer()
    {
        var store = new KubernetesVolumeStore(Client);
        var volume = new LocalVolume("local-52f1bab4-d39b-4cde-abad-6c5963b47761", "node-1", VolumeType.LVM, "open-local-pool-0", 5 << 20)
        {
            AccessType = AccessType.Block,
            FsType = "ext4",
            Layout = LvmLayout.Striping,
            Source = new VolumeSource("snap-1", RestoreMode.Copy),
            Claim = new ClaimRef("default", "pvc-1"),
            Throttle = IoThrottle.Symmetric(1 << 20, 100),
            Context = new Dictionary<string, string> { ["volumeType"] = "LVM", ["vgName"] = "open-local-pool-0" },
        };
        await store.CreateAsync(volume, None);
        var failure = await Assert.ThrowsAsync<StorageException>(() => store.CreateAsync(volume, None));
        Assert.Equal(FailureKind.AlreadyExists, failure.Kind);

        var read = (await store.FindAsync(volume.Id, None))!;
        Assert.Equal(volume with { CreatedAt = read.CreatedAt, Context = read.Context }, read);
        Assert.Equal(volume.Context, read.Context);
        Assert.NotEqual(default, read.CreatedAt);

        var resource = (await new ResourceClient<Resource>(Client).GetAsync(volume.Id))!;
        Assert.Equal("node-1", resource.Metadata.Labels[Resource.NodeLabel]);
        Assert.Contains(Resource.Finalizer, resource.Metadata.Finalizers);

        await store.UpdateAsync(read.MarkReady(5 << 20, "/dev/open-local-pool-0/x").RequestExpansion(6 << 20), None);
        var ready = (await store.FindAsync(volume.Id, None))!;
        Assert.Equal(VolumePhase.Ready, ready.Phase);
        Assert.Equal(6 << 20, ready.SizeBytes);
        Assert.True(ready.NeedsExpansion);

        await store.UpdateAsync(ready.MarkFailed(FailureKind.InsufficientCapacity, "VG full"), None);
        var failed = (await store.FindAsync(volume.Id, None))!;
        Assert.Equal((VolumePhase.Failed, FailureKind.InsufficientCapacity, "VG full"), (failed.Phase, failed.FailureKind, failed.FailureMessage));
        Assert.Equal("ResourceExhausted", (await new ResourceClient<Resource>(Client).GetAsync(volume.Id))!.Status!.Code);

        // Deletion waits for the node: the finalizer keeps the record, now Deleting, in the ledger until released.
        await store.RequestDeletionAsync(volume.Id, None);
        Assert.Equal(VolumePhase.Deleting, (await store.FindAsync(volume.Id, None))!.Phase);
        await store.ReleaseAsync(volume.Id, None);
        Assert.Null(await store.FindAsync(volume.Id, None));
        await store.RequestDeletionAsync(volume.Id, None);
        await store.ReleaseAsync(volume.Id, None);
    }

    [Fact]
    public async Task Ids_that_are_not_object_names_are_hashed_and_listed_by_id()
    {
        var store = new KubernetesVolumeStore(Client);
        await store.CreateAsync(new LocalVolume("Volume_With/Odd:Id", "node-1", VolumeType.Device, "/dev/vdc", 1), None);
        await store.CreateAsync(new LocalVolume("a-volume", new string('n', 70), VolumeType.MountPoint, "/mnt/open-local/disk1", 1), None);
        Assert.Equal(["Volume_With/Odd:Id", "a-volume"], (await store.ListAsync(None)).Select(v => v.Id));
        Assert.Equal("/dev/vdc", (await store.FindAsync("Volume_With/Odd:Id", None))!.Pool);
        var names = (await new ResourceClient<Resource>(Client).ListAsync()).Items.Select(r => r.Metadata.Name).Order().ToArray();
        Assert.Equal("a-volume", names[0]);
        Assert.StartsWith("lv-", names[1], StringComparison.Ordinal);
        var updateMissing = await Assert.ThrowsAsync<StorageException>(() => store.UpdateAsync(new LocalVolume("missing", "n", VolumeType.LVM, "vg", 1), None));
        Assert.Equal(FailureKind.NotFound, updateMissing.Kind);
    }

    [Fact]
    public async Task A_snapshot_round_trips_through_its_LocalSnapshot()
    {
        var store = new KubernetesSnapshotStore(Client);
        var snapshot = new Snapshot("snap-1", "local-1", "node-1", "open-local-pool-0", 4096) { ReadOnly = true, Expansion = new SnapshotExpansion(60, 2048) };
        await store.CreateAsync(snapshot, None);
        var read = (await store.FindAsync("snap-1", None))!;
        Assert.Equal(snapshot with { CreatedAt = read.CreatedAt }, read);

        var createdAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await store.UpdateAsync(read.MarkReady(4096, createdAt).ReportUsage(8192, 12), None);
        var ready = (await store.FindAsync("snap-1", None))!;
        Assert.Equal((VolumePhase.Ready, 8192L, 12, createdAt), (ready.Phase, ready.CapacityBytes, ready.UsedPercent, ready.CreatedAt));
        Assert.Single(await store.ListAsync(None));
        await store.RequestDeletionAsync("snap-1", None);
        Assert.Equal(VolumePhase.Deleting, (await store.FindAsync("snap-1", None))!.Phase);
        await store.ReleaseAsync("snap-1", None);
        Assert.Null(await store.FindAsync("snap-1", None));
    }
}
