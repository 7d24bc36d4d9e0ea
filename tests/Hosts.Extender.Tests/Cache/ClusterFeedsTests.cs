using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Watch;
using OpenLocal.Infrastructure.Kubernetes.ApiServer;
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
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private EmbeddedApiServer? _server;
    private IKubernetes _client = null!;
    private SchedulingCache _cache = null!;
    private Task _feeds = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _server = new EmbeddedApiServer(new EmbeddedApiServerOptions
        {
            CustomResourceDefinitionPaths = [Path.Combine(RepositoryRoot(), "deploy", "crds")],
            // Like a real server, an idle watch stays silent: stopping must not depend on traffic arriving.
            BookmarkInterval = TimeSpan.FromMinutes(10),
        });
        await _server.StartAsync();
        _client = _server.CreateClient();
        _cache = new SchedulingCache();
        _feeds = new ClusterFeeds(_client, _cache, new ExtenderMetrics(), NullLoggerFactory.Instance).RunAsync(_stop.Token);
        await Wait(s => s.IsReady);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _stop.CancelAsync();
            if (_server is null)
                return;
            // The feeds must stop promptly on cancellation; a feed that ignores it fails here instead of hanging.
            await _feeds.WaitAsync(StopDeadline);
        }
        finally
        {
            _client?.Dispose();
            if (_server is not null)
                await _server.DisposeAsync();
            _stop.Dispose();
        }
    }

    [Fact(Timeout = 30000)]
    public async Task Feeds_stop_promptly_when_cancelled_while_watching()
    {
        Assert.False(_feeds.IsCompleted, "the feeds should be watching until cancelled");
        await _stop.CancelAsync();

        // A feed blocked in a watch must not wait for the server to close it (minutes): TimeoutException fails the test.
        await _feeds.WaitAsync(StopDeadline);
        Assert.True(_feeds.IsCompletedSuccessfully, "the feeds should end without an error when cancelled");
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

        await _client.CoreV1.CreatePersistentVolumeAsync(Pv("local-1", "5Gi"));
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

    // The timeout fails the test instead of letting it hang; the source must outlive the wait.
    private async Task Wait(Func<ClusterSnapshot, bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(Deadline);
        await _cache.WaitForAsync(condition, timeout.Token);
    }

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

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "deploy", "crds")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no deploy/crds above {AppContext.BaseDirectory}");
    }
}
