using k8s;
using k8s.Models;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;
using OpenLocal.Infrastructure.Kubernetes.Volumes;
using DomainVolume = OpenLocal.Domain.Volumes.LocalVolume;
using Resource = OpenLocal.Infrastructure.Kubernetes.Resources.LocalVolume;

namespace OpenLocal.Infrastructure.Kubernetes.Tests;

/// <summary>
/// Cluster mode's record path (issue 14): watch-fed stores scoped by node, the controller's wait on the watch for
/// the node's outcome, and the inventory of every node from NodeLocalStorage status.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class ClusterRecordsTests : ApiServerTest
{
    private const long MiB = 1L << 20;
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly List<IAsyncDisposable> _owned = [];

    private async Task<ClusterRecords> StartAsync(RecordScope scope)
    {
        var records = new ClusterRecords(Client, scope);
        _owned.Add(records);
        await records.StartAsync(None);
        await records.WaitForSyncAsync(None).WaitAsync(Deadline);
        return records;
    }

    private static async Task SeenAsync<T>(RecordCache<T> cache, string name, Func<T, bool> condition)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
    {
        while (true)
        {
            var next = cache.NextChangeAsync(name);
            if (cache.Get(name) is { } current && condition(current))
                return;
            await next.WaitAsync(Deadline);
        }
    }

    private static DomainVolume Volume(string id, string node, long size = 8 * MiB) => new(id, node, VolumeType.LVM, "open-local-pool-0", size);

    [Fact]
    public async Task A_node_sees_only_its_own_objects_and_writes_only_status_so_a_stale_record_never_reverts_an_expansion()
    {
        var controller = new KubernetesVolumeStore(await StartAsync(RecordScope.Controller));
        var nodeRecords = await StartAsync(RecordScope.Node("node-1"));
        var node = new KubernetesVolumeStore(nodeRecords);

        var mine = Volume("local-1", "node-1");
        await controller.CreateAsync(mine, None);
        await controller.CreateAsync(Volume("local-2", "node-2"), None);
        // Read-your-writes: the creator finds the object before its own watch event arrived.
        Assert.NotNull(await controller.FindAsync("local-1", None));

        await SeenAsync(nodeRecords.Volumes, "local-1", _ => true);
        Assert.Equal(["local-1"], (await node.ListAsync(None)).Select(v => v.Id));
        Assert.Null(await node.FindAsync("local-2", None));

        await controller.UpdateAsync(mine.RequestExpansion(16 * MiB), None);
        // The node acts on the record it had before the expansion: its status lands, its stale spec does not.
        await node.UpdateAsync(mine.MarkReady(8 * MiB, "/dev/open-local-pool-0/local-1"), None);
        var stored = (await new ResourceClient<Resource>(Client).GetAsync("local-1"))!;
        Assert.Equal(16 * MiB, stored.Spec.SizeBytes);
        Assert.Equal(("Ready", 8 * MiB), (stored.Status!.Phase, stored.Status.CapacityBytes));
        Assert.Equal(stored.Metadata.Generation, stored.Status.ObservedGeneration);

        // ... and the controller never writes status.
        await controller.UpdateAsync(mine.RequestExpansion(16 * MiB).MarkFailed(FailureKind.Internal, "not the controller's to say"), None);
        Assert.Equal("Ready", (await new ResourceClient<Resource>(Client).GetAsync("local-1"))!.Status!.Phase);
    }

    [Fact]
    public async Task Realize_waits_on_the_watch_for_the_node_and_returns_its_outcome_or_its_failure_code()
    {
        var records = await StartAsync(RecordScope.Controller);
        var store = new KubernetesVolumeStore(records);
        var provisioning = new KubernetesVolumeProvisioning(records, store, new KubernetesSnapshotStore(records), new ClusterProvisioningOptions());
        var nodeSide = new KubernetesVolumeStore(Client);

        var ok = Volume("local-ok", "node-1");
        await store.CreateAsync(ok, None);
        var realizing = provisioning.RealizeAsync(ok, None);
        Assert.False(realizing.IsCompleted);
        await nodeSide.UpdateAsync(ok.MarkReady(8 * MiB, "/dev/open-local-pool-0/local-ok"), None);
        var ready = await realizing.WaitAsync(Deadline);
        Assert.Equal((VolumePhase.Ready, "/dev/open-local-pool-0/local-ok"), (ready.Phase, ready.DevicePath));

        var full = Volume("local-full", "node-1");
        await store.CreateAsync(full, None);
        var failing = provisioning.RealizeAsync(full, None);
        await nodeSide.UpdateAsync(full.MarkFailed(FailureKind.InsufficientCapacity, "VG open-local-pool-0 is full"), None);
        var failure = await Assert.ThrowsAsync<StorageException>(() => failing.WaitAsync(Deadline));
        Assert.Equal((FailureKind.InsufficientCapacity, "VG open-local-pool-0 is full"), (failure.Kind, failure.Message));

        // Expansion: Ready is not enough, the capacity must reach the new size.
        var grown = ready.RequestExpansion(16 * MiB);
        await store.UpdateAsync(grown, None);
        var growing = provisioning.RealizeAsync(grown, None);
        await nodeSide.UpdateAsync(grown.MarkReady(12 * MiB, "/dev/open-local-pool-0/local-ok"), None);
        await nodeSide.UpdateAsync(grown.MarkReady(16 * MiB, "/dev/open-local-pool-0/local-ok"), None);
        Assert.Equal(16 * MiB, (await growing.WaitAsync(Deadline)).CapacityBytes);
    }

    [Fact]
    public async Task Past_the_deadline_realize_is_DeadlineExceeded_and_the_object_stays_for_the_retry()
    {
        var records = await StartAsync(RecordScope.Controller);
        var store = new KubernetesVolumeStore(records);
        var provisioning = new KubernetesVolumeProvisioning(records, store, new KubernetesSnapshotStore(records),
            new ClusterProvisioningOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var volume = Volume("local-down", "node-down");
        await store.CreateAsync(volume, None);

        var timeout = await Assert.ThrowsAsync<StorageException>(() => provisioning.RealizeAsync(volume, None));
        Assert.Equal(FailureKind.DeadlineExceeded, timeout.Kind);
        Assert.Equal(VolumePhase.Pending, (await store.FindAsync("local-down", None))!.Phase);
    }

    [Fact]
    public async Task Remove_requests_deletion_and_returns_once_the_node_released_the_object()
    {
        var records = await StartAsync(RecordScope.Controller);
        var store = new KubernetesVolumeStore(records);
        var snapshots = new KubernetesSnapshotStore(records);
        var provisioning = new KubernetesVolumeProvisioning(records, store, snapshots, new ClusterProvisioningOptions());
        var nodeRecords = await StartAsync(RecordScope.Node("node-1"));
        var node = new KubernetesVolumeStore(nodeRecords);
        var volume = Volume("local-gone", "node-1");
        await store.CreateAsync(volume, None);

        var removing = provisioning.RemoveAsync(volume, None);
        await SeenAsync(nodeRecords.Volumes, "local-gone", r => r.Metadata.DeletionTimestamp is not null);
        var deleting = (await node.FindAsync("local-gone", None))!;
        Assert.Equal(VolumePhase.Deleting, deleting.Phase);
        // The node reports Deleting while it removes (crds.md §5 lifecycle): a status write on a terminating object.
        await node.UpdateAsync(deleting, None);
        Assert.Equal("Deleting", (await new ResourceClient<Resource>(Client).GetAsync("local-gone"))!.Status!.Phase);
        Assert.False(removing.IsCompleted);
        await node.ReleaseAsync("local-gone", None);
        await removing.WaitAsync(Deadline);
        Assert.Null(await new ResourceClient<Resource>(Client).GetAsync("local-gone"));

        // Snapshots follow the same two steps.
        var snapshot = new Snapshot("snap-gone", "local-x", "node-1", "open-local-pool-0", 4 * MiB);
        await snapshots.CreateAsync(snapshot, None);
        var removingSnapshot = provisioning.RemoveSnapshotAsync(snapshot, None);
        await SeenAsync(nodeRecords.Snapshots, "snap-gone", r => r.Metadata.DeletionTimestamp is not null);
        await new KubernetesSnapshotStore(nodeRecords).ReleaseAsync("snap-gone", None);
        await removingSnapshot.WaitAsync(Deadline);
    }

    [Fact]
    public async Task A_release_nobody_requested_deletes_the_object_at_once()
    {
        var node = new KubernetesVolumeStore(await StartAsync(RecordScope.Node("node-1")));
        await node.CreateAsync(Volume("csi-inline", "node-1") with { Ephemeral = new OpenLocal.Domain.Volumes.EphemeralOwner("uid-1", "default", "pod-1") }, None);
        await node.ReleaseAsync("csi-inline", None);
        Assert.Null(await new ResourceClient<Resource>(Client).GetAsync("csi-inline"));
    }

    [Fact]
    public async Task The_inventory_lists_every_nodes_filtered_pools_from_NodeLocalStorage_with_the_Node_hostname()
    {
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1", Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "host-1" } } });
        var storages = new ResourceClient<NodeLocalStorage>(Client);
        foreach (var name in new[] { "node-1", "node-2" })
        {
            var created = await storages.CreateAsync(new NodeLocalStorage { Metadata = new V1ObjectMeta { Name = name }, Spec = new NodeLocalStorageSpec { NodeName = name } });
            created.Status = new NodeLocalStorageStatus
            {
                NodeStorageInfo = new NodeStorageInfo
                {
                    VolumeGroups = [new VolumeGroupInfo { Name = "pool-a", Total = 100 * MiB, Allocatable = 90 * MiB }, new VolumeGroupInfo { Name = "system", Total = 50 * MiB, Allocatable = 50 * MiB }],
                    DeviceInfo = [new DeviceInfo { Name = "/dev/vdc", MediaType = "ssd", Total = 10 * MiB }],
                },
                FilteredStorageInfo = new FilteredStorageInfo { VolumeGroups = ["pool-a"], Devices = ["/dev/vdc"] },
            };
            await storages.ReplaceStatusAsync(created);
        }
        await using var inventory = new ClusterStorageInventory(Client);
        await inventory.StartAsync(None);

        var nodes = await inventory.ListNodesAsync(None).WaitAsync(Deadline);
        Assert.Equal([("node-1", "host-1"), ("node-2", "node-2")], nodes.Select(n => (n.NodeName, n.Hostname)));
        var vg = Assert.Single(nodes[0].VolumeGroups);
        Assert.Equal(("pool-a", 90 * MiB), (vg.Name, vg.FreeBytes));
        var device = Assert.Single(nodes[0].Devices);
        Assert.Equal(("/dev/vdc", MediaType.Ssd, 10 * MiB), (device.DevicePath, device.Media, device.Capacity));
        Assert.True(inventory.HasSynced);
    }

    public override async Task DisposeAsync()
    {
        foreach (var owned in _owned)
            await owned.DisposeAsync();
        await base.DisposeAsync();
    }
}
