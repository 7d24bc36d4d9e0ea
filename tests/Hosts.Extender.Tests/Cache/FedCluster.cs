using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Watch;
using OpenLocal.ApiServer;

namespace OpenLocal.Hosts.Extender.Tests.Cache;

/// <summary>
/// The embedded API server with our CRDs, a KubernetesClient on it, and a <see cref="SchedulingCache"/>
/// fed by <see cref="ClusterFeeds"/> until disposed: the extender's watch path with nothing faked.
/// </summary>
internal sealed class FedCluster : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();
    private readonly EmbeddedApiServer _server;

    private FedCluster(EmbeddedApiServer server)
    {
        _server = server;
        Client = server.CreateClient();
        Feeds = new ClusterFeeds(Client, Cache, new ExtenderMetrics(), NullLoggerFactory.Instance).RunAsync(_stop.Token);
    }

    public IKubernetes Client { get; }
    public SchedulingCache Cache { get; } = new();

    /// <summary>Runs until disposal cancels it.</summary>
    public Task Feeds { get; }

    /// <summary>Starts everything and waits until every feed has listed.</summary>
    public static async Task<FedCluster> StartAsync()
    {
        var server = new EmbeddedApiServer(new EmbeddedApiServerOptions
        {
            CustomResourceDefinitionPaths = [Path.Combine(RepositoryRoot(), "deploy", "crds")],
            // Like a real server, an idle watch stays silent: stopping must not depend on traffic arriving.
            BookmarkInterval = TimeSpan.FromMinutes(10),
        });
        await server.StartAsync();
        var cluster = new FedCluster(server);
        await cluster.WaitAsync(s => s.IsReady);
        return cluster;
    }

    /// <summary>Stops the feeds (as the extender does on shutdown) without disposing the rest yet.</summary>
    public Task StopFeedsAsync() => _stop.CancelAsync();

    /// <summary>The first snapshot satisfying <paramref name="condition"/>; the deadline fails the test instead of letting it hang.</summary>
    public async Task<ClusterSnapshot> WaitAsync(Func<ClusterSnapshot, bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(Deadline);
        return await Cache.WaitForAsync(condition, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stop.CancelAsync();
            // The feeds must stop promptly on cancellation; a feed that ignores it fails here instead of hanging.
            await Feeds.WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            Client.Dispose();
            await _server.DisposeAsync();
            _stop.Dispose();
        }
    }

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
