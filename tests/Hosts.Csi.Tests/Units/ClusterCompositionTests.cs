using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Cli.Commands.Csi;
using OpenLocal.Infrastructure.FileStore;
using OpenLocal.ApiServer;
using OpenLocal.Infrastructure.Kubernetes.Volumes;

namespace OpenLocal.Hosts.Csi.Tests.Units;

/// <summary>
/// <c>openlocal csi</c> with a Kubernetes API (issue 14): controller and node modes compose the cluster adapters,
/// <c>--mode all</c> stays standalone, and Probe is ready only once the caches have synced (csi.md §9).
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class ClusterCompositionTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("olcsi-cluster-").FullName;
    private readonly List<WebApplication> _apps = [];
    private EmbeddedApiServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = new EmbeddedApiServer(new EmbeddedApiServerOptions { CustomResourceDefinitionPaths = [RepositoryFiles.CrdDirectory] });
        await _server.StartAsync();
    }

    private async Task<WebApplication> StartAsync(string mode, EmbeddedApiServer? server = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, mode + _apps.Count)).FullName;
        var app = CsiPlugin.Build(new CsiSettings
        {
            Endpoint = "unix://" + Path.Combine(dir, "csi.sock"),
            NodeId = "node-1",
            Mode = mode,
            Backend = "fake",
            StateDir = Path.Combine(dir, "state"),
            KubeletDir = Path.Combine(dir, "kubelet"),
            Master = (server ?? _server).BaseUri.ToString(),
        }, logging => logging.ClearProviders());
        _apps.Add(app);
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task The_controller_composes_the_cluster_adapters_and_is_ready_once_its_caches_synced()
    {
        var app = await StartAsync("controller");
        Assert.IsType<KubernetesVolumeStore>(app.Services.GetRequiredService<IVolumeStore>());
        Assert.IsType<KubernetesSnapshotStore>(app.Services.GetRequiredService<ISnapshotStore>());
        Assert.IsType<KubernetesVolumeProvisioning>(app.Services.GetRequiredService<IVolumeProvisioning>());
        var inventory = Assert.IsType<ClusterStorageInventory>(app.Services.GetRequiredService<IStorageInventory>());

        await app.Services.GetRequiredService<ClusterRecords>().WaitForSyncAsync(CancellationToken.None).WaitAsync(Deadline);
        await inventory.ListNodesAsync(CancellationToken.None).WaitAsync(Deadline);
        Assert.True(await app.Services.GetRequiredService<PluginReadiness>().IsReadyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_node_watches_only_its_own_records_and_mode_all_stays_standalone()
    {
        var node = await StartAsync("node");
        var records = node.Services.GetRequiredService<ClusterRecords>();
        Assert.Equal("node-1", records.Scope.NodeName);
        Assert.False(records.Scope.WritesSpec);
        Assert.Same(records, node.Services.GetRequiredService<IRecordChanges>());
        Assert.IsType<KubernetesVolumeStore>(node.Services.GetRequiredService<IVolumeStore>());
        await records.WaitForSyncAsync(CancellationToken.None).WaitAsync(Deadline);
        Assert.True(await node.Services.GetRequiredService<PluginReadiness>().IsReadyAsync(CancellationToken.None));

        var all = await StartAsync("all");
        Assert.IsType<FileVolumeStore>(all.Services.GetRequiredService<IVolumeStore>());
    }

    [Fact]
    public async Task Without_the_CRDs_a_node_plugin_is_not_ready()
    {
        await using var bare = new EmbeddedApiServer(new EmbeddedApiServerOptions());
        await bare.StartAsync();
        var node = await StartAsync("node", bare);
        Assert.False(await node.Services.GetRequiredService<PluginReadiness>().IsReadyAsync(CancellationToken.None));
        Assert.False(node.Services.GetRequiredService<ClusterRecords>().HasSynced);
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
