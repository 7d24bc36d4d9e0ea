using Csi.V1;
using Grpc.Core;
using Xunit.Abstractions;
using k8s;
using k8s.Autorest;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Cluster.Tests;

/// <summary>
/// Issue 14's multi-process test: controller RPCs on the CSI controller's socket, node RPCs on the socket of the
/// node the volume landed on; the two halves meet only through LocalVolume/LocalSnapshot objects.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class ClusterModeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long GiB = 1L << 30;
    private const string HostnameKey = "kubernetes.io/hostname";
    private static readonly Dictionary<string, string> Lvm = new() { ["volumeType"] = "LVM" };
    private RunningCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RunningCluster.StartAsync("node-a", "node-b");

    public async Task DisposeAsync()
    {
        // Every component's log, shown when the test fails.
        output.WriteLine(_cluster.Output);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_volume_placed_for_node_b_is_made_real_by_node_bs_plugin_and_served_there_end_to_end()
    {
        var controller = _cluster.Controller;
        var nodeB = _cluster.NodePlugin("node-b");
        // Both agents' pools reach the controller's inventory through NodeLocalStorage status (another process).
        var fullA = await _cluster.CapacityOnceReportedAsync("node-a");
        var fullB = await _cluster.CapacityOnceReportedAsync("node-b");
        Assert.Equal(100 * GiB, fullA);
        Assert.Equal(100 * GiB, fullB);

        var created = await controller.CreateVolumeAsync(new CreateVolumeRequest
        {
            Name = "pvc-0b0ab7b4-1111-4cde-abad-6c5963b47761",
            CapacityRange = new CapacityRange { RequiredBytes = 2 * GiB },
            VolumeCapabilities = { Mount() },
            Parameters = { Lvm },
            AccessibilityRequirements = new TopologyRequirement { Requisite = { OnNode("node-b") }, Preferred = { OnNode("node-b") } },
        });
        var id = created.Volume.VolumeId;
        Assert.Equal("node-b", Assert.Single(created.Volume.AccessibleTopology).Segments[HostnameKey]);
        Assert.Equal(2 * GiB, created.Volume.CapacityBytes);
        var lv = await GetAsync<LocalVolume>(LocalVolume.Plural, id);
        Assert.Equal("node-b", lv!.Spec.NodeName);
        Assert.Equal("node-b", lv.Metadata.Labels[LocalVolume.NodeLabel]);
        Assert.Equal(("Ready", 2 * GiB), (lv.Status!.Phase, lv.Status.CapacityBytes));
        Assert.Equal(lv.Metadata.Generation, lv.Status.ObservedGeneration);

        // Idempotent: the sidecar's retry finds the same object.
        var again = await controller.CreateVolumeAsync(new CreateVolumeRequest
        {
            Name = id,
            CapacityRange = new CapacityRange { RequiredBytes = 2 * GiB },
            VolumeCapabilities = { Mount() },
            Parameters = { Lvm },
            AccessibilityRequirements = new TopologyRequirement { Requisite = { OnNode("node-b") } },
        });
        Assert.Equal(id, again.Volume.VolumeId);

        // GetCapacity per node: only node-b's pool shrank.
        Assert.Equal(100 * GiB, (await controller.GetCapacityAsync(Capacity("node-a"))).AvailableCapacity);
        Assert.Equal(98 * GiB, (await controller.GetCapacityAsync(Capacity("node-b"))).AvailableCapacity);

        var expanded = await controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest
        {
            VolumeId = id,
            CapacityRange = new CapacityRange { RequiredBytes = 3 * GiB },
            VolumeCapability = Mount(),
        });
        Assert.Equal(3 * GiB, expanded.CapacityBytes);
        Assert.True(expanded.NodeExpansionRequired);
        lv = await GetAsync<LocalVolume>(LocalVolume.Plural, id);
        Assert.Equal((3 * GiB, 3 * GiB), (lv!.Spec.SizeBytes, lv.Status!.CapacityBytes));

        // Node RPCs on node-b's socket, for a volume node-b's plugin never saw a CreateVolume for.
        var target = _cluster.TargetPath("node-b", "pod-1");
        await nodeB.NodePublishVolumeAsync(new NodePublishVolumeRequest
        {
            VolumeId = id,
            TargetPath = target,
            VolumeCapability = Mount(),
            VolumeContext = { created.Volume.VolumeContext },
        });
        var stats = await nodeB.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = id, VolumePath = target });
        Assert.Contains(stats.Usage, u => u.Unit == VolumeUsage.Types.Unit.Bytes && u.Total > 0);
        var grown = await nodeB.NodeExpandVolumeAsync(new NodeExpandVolumeRequest
        {
            VolumeId = id,
            VolumePath = target,
            CapacityRange = new CapacityRange { RequiredBytes = 3 * GiB },
            VolumeCapability = Mount(),
        });
        Assert.Equal(3 * GiB, grown.CapacityBytes);
        await nodeB.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = id, TargetPath = target });
        // node-a has no such volume: its plugin only sees node-a's objects.
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => _cluster.NodePlugin("node-a").NodeGetVolumeStatsAsync(
            new NodeGetVolumeStatsRequest { VolumeId = id, VolumePath = _cluster.TargetPath("node-a", "pod-1") }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, elsewhere.StatusCode);

        // Snapshot and restore, both on node-b.
        var snapshot = (await controller.CreateSnapshotAsync(new CreateSnapshotRequest { SourceVolumeId = id, Name = "snapshot-1" })).Snapshot;
        Assert.True(snapshot.ReadyToUse);
        var ls = await GetAsync<LocalSnapshot>(LocalSnapshot.Plural, snapshot.SnapshotId);
        Assert.Equal(("node-b", "Ready"), (ls!.Spec.NodeName, ls.Status!.Phase));
        var restored = await controller.CreateVolumeAsync(new CreateVolumeRequest
        {
            Name = "pvc-restore-1",
            CapacityRange = new CapacityRange { RequiredBytes = 3 * GiB },
            VolumeCapabilities = { Mount() },
            Parameters = { Lvm },
            VolumeContentSource = new VolumeContentSource { Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = snapshot.SnapshotId } },
        });
        Assert.Equal("node-b", Assert.Single(restored.Volume.AccessibleTopology).Segments[HostnameKey]);
        Assert.Equal("Ready", (await GetAsync<LocalVolume>(LocalVolume.Plural, restored.Volume.VolumeId))!.Status!.Phase);

        // Deletion: the node removes what it made, then the finalizer; no object is left behind.
        await controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = restored.Volume.VolumeId });
        await controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = snapshot.SnapshotId });
        await controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = id });
        await controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = id });
        Assert.Empty((await _cluster.Client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<LocalVolume>>(
            CsiAliyunGroup.Name, CsiAliyunGroup.Version, LocalVolume.Plural)).Items);
        Assert.Empty((await _cluster.Client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<LocalSnapshot>>(
            CsiAliyunGroup.Name, CsiAliyunGroup.Version, LocalSnapshot.Plural)).Items);
        Assert.Equal(100 * GiB, (await controller.GetCapacityAsync(Capacity("node-b"))).AvailableCapacity);

        // Probe (csi.md §9): every plugin's caches have synced.
        Assert.True((await _cluster.ControllerIdentity.ProbeAsync(new ProbeRequest())).Ready);
        Assert.True((await _cluster.NodeIdentity("node-a").ProbeAsync(new ProbeRequest())).Ready);
        Assert.True((await _cluster.NodeIdentity("node-b").ProbeAsync(new ProbeRequest())).Ready);
    }

    private async Task<T?> GetAsync<T>(string plural, string name)
        where T : class
    {
        try
        {
            return await _cluster.Client.CustomObjects.GetClusterCustomObjectAsync<T>(CsiAliyunGroup.Name, CsiAliyunGroup.Version, plural, name);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static GetCapacityRequest Capacity(string node) => new() { Parameters = { Lvm }, AccessibleTopology = OnNode(node) };

    private static Topology OnNode(string node) => new() { Segments = { [HostnameKey] = node } };

    private static VolumeCapability Mount() => new()
    {
        Mount = new VolumeCapability.Types.MountVolume { FsType = "ext4" },
        AccessMode = new VolumeCapability.Types.AccessMode { Mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter },
    };
}
