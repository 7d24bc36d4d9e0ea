using k8s;
using k8s.Models;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Hosts.Extender.Tests.Cache;

/// <summary>
/// The watch-fed cache against the embedded API server with the unmodified KubernetesClient
/// (extender.md §6.2): real list/watch, real objects, the cache's view checked after each change.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class ClusterFeedsTests : IAsyncLifetime
{
    private const long Gi = 1L << 30;
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(5);

    private FedCluster _cluster = null!;
    private IKubernetes _client = null!;
    private SchedulingCache _cache = null!;

    public async Task InitializeAsync()
    {
        _cluster = await FedCluster.StartAsync();
        _client = _cluster.Client;
        _cache = _cluster.Cache;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    [Fact(Timeout = 30000)]
    public async Task Feeds_stop_promptly_when_cancelled_while_watching()
    {
        Assert.False(_cluster.Feeds.IsCompleted, "the feeds should be watching until cancelled");
        await _cluster.StopFeedsAsync();

        // A feed blocked in a watch must not wait for the server to close it (minutes): TimeoutException fails the test.
        await _cluster.Feeds.WaitAsync(StopDeadline);
        Assert.True(_cluster.Feeds.IsCompletedSuccessfully, "the feeds should end without an error when cancelled");
    }

    [Fact(Timeout = 30000)]
    public async Task Node_local_storage_update_changes_capacity()
    {
        var nls = new ResourceClient<NodeLocalStorage>(_client);
        await CreateNodeAsync(nls, "node-1", 100 * Gi);
        await Wait(s => s.FindNode("node-1")?.VolumeGroups.Count == 1);
        Assert.Equal(100 * Gi, _cache.Current.Nodes["node-1"].VolumeGroups[0].Capacity);

        await nls.UpdateAsync("node-1", n => { n.Status.NodeStorageInfo!.VolumeGroups![0].Allocatable = 200 * Gi; return true; }, status: true);

        await Wait(s => s.FindNode("node-1")?.VolumeGroups[0].Capacity == 200 * Gi);
        await nls.DeleteAsync("node-1");
        await Wait(s => s.FindNode("node-1") is null);
    }

    [Fact(Timeout = 30000)]
    public async Task Local_volume_then_pv_counts_once_expansion_adds_the_delta_and_delete_releases()
    {
        var nls = new ResourceClient<NodeLocalStorage>(_client);
        var volumes = new ResourceClient<Infrastructure.Kubernetes.Resources.LocalVolume>(_client);
        await CreateNodeAsync(nls, "node-1", 100 * Gi);
        await Wait(s => s.FindNode("node-1")?.VolumeGroups.Count == 1);

        await volumes.CreateAsync(LocalVolume("local-1", 5 * Gi));
        await Wait(s => Used(s) == 5 * Gi);

        await CreateAvailableAsync(Pv("local-1", "5Gi"));
        await Wait(s => s.PersistentVolumes.ContainsKey("local-1"));
        Assert.Equal(5 * Gi, Used(_cache.Current));
        Assert.Equal(1, _cache.Current.Nodes["node-1"].AllocatedNum);

        await volumes.UpdateAsync("local-1", lv => { lv.Spec.SizeBytes = 8 * Gi; return true; });
        await Wait(s => Used(s) == 8 * Gi);

        await volumes.DeleteAsync("local-1");
        await _client.CoreV1.DeletePersistentVolumeAsync("local-1");
        await Wait(s => Used(s) == 0 && s.Nodes["node-1"].AllocatedNum == 0);
    }

    private static long? Used(ClusterSnapshot s) => s.FindNode("node-1")?.VolumeGroups[0].Used;

    private Task Wait(Func<ClusterSnapshot, bool> condition) => _cluster.WaitAsync(condition);

    // status is a subresource (crds.md §1): the agent creates the object, then reports through /status.
    private static async Task CreateNodeAsync(ResourceClient<NodeLocalStorage> nls, string node, long allocatable)
    {
        var desired = Nls(node, allocatable);
        await nls.CreateAsync(desired);
        await nls.UpdateAsync(node, n => { n.Status = desired.Status; return true; }, status: true);
    }

    private static NodeLocalStorage Nls(string node, long allocatable) => new()
    {
        Metadata = new V1ObjectMeta { Name = node },
        Spec = new NodeLocalStorageSpec { NodeName = node },
        Status = new NodeLocalStorageStatus
        {
            NodeStorageInfo = new NodeStorageInfo
            {
                VolumeGroups = [new VolumeGroupInfo { Name = "open-local-pool-0", Total = allocatable, Available = allocatable, Allocatable = allocatable, PhysicalVolumes = ["/dev/vdc"] }],
            },
            FilteredStorageInfo = new FilteredStorageInfo { VolumeGroups = ["open-local-pool-0"] },
        },
    };

    private static Infrastructure.Kubernetes.Resources.LocalVolume LocalVolume(string id, long size) => new()
    {
        Metadata = new V1ObjectMeta { Name = id },
        Spec = new LocalVolumeSpec { VolumeId = id, NodeName = "node-1", Type = "LVM", VgName = "open-local-pool-0", SizeBytes = size },
    };

    // kube-apiserver creates a PV Pending (ADR-0060) and the PV controller makes it Available; the
    // extender skips Pending PVs, so the test plays the controller's part.
    private async Task CreateAvailableAsync(V1PersistentVolume pv)
    {
        var created = await _client.CoreV1.CreatePersistentVolumeAsync(pv);
        created.Status = new V1PersistentVolumeStatus { Phase = "Available" };
        await _client.CoreV1.ReplacePersistentVolumeStatusAsync(created, created.Metadata.Name);
    }

    private static V1PersistentVolume Pv(string id, string size) => new()
    {
        Metadata = new V1ObjectMeta { Name = id },
        Spec = new V1PersistentVolumeSpec
        {
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
            AccessModes = ["ReadWriteOnce"],
            Csi = new V1CSIPersistentVolumeSource
            {
                Driver = "local.csi.aliyun.com",
                VolumeHandle = id,
                VolumeAttributes = new Dictionary<string, string> { ["volumeType"] = "LVM", ["vgName"] = "open-local-pool-0" },
            },
            NodeAffinity = new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = ["node-1"] }] }],
                },
            },
        },
    };
}
