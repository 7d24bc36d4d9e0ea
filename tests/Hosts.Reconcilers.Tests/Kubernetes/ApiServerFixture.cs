using k8s;
using k8s.Models;
using OpenLocal.ApiServer;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Hosts.Reconcilers.Tests.Kubernetes;

/// <summary>A fresh embedded API server per test with OpenLocal's CRDs, and helpers to wait on it by watch.</summary>
public sealed class ApiServerFixture : IAsyncDisposable
{
    private readonly EmbeddedApiServer _server;

    private ApiServerFixture(EmbeddedApiServer server, IKubernetes client)
    {
        _server = server;
        Client = client;
    }

    public IKubernetes Client { get; }

    public Uri BaseUri => _server.BaseUri;

    public static async Task<ApiServerFixture> StartAsync()
    {
        var server = new EmbeddedApiServer(new EmbeddedApiServerOptions { CustomResourceDefinitionPaths = [RepositoryFiles.CrdDirectory] });
        await server.StartAsync();
        return new ApiServerFixture(server, server.CreateClient());
    }

    public Task<V1Node> CreateNodeAsync(string name, Dictionary<string, string>? labels = null) =>
        Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? [] } });

    public Task CreateInitConfigAsync(NodeLocalStorageInitConfig nlsc) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync<NodeLocalStorageInitConfig>(nlsc, CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorageInitConfig.Plural);

    public async Task<NodeLocalStorage?> FindStorageAsync(string name)
    {
        try
        {
            return await Client.CustomObjects.GetClusterCustomObjectAsync<NodeLocalStorage>(CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, name);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Read-modify-replace of an NLS, as a user editing it with kubectl would.</summary>
    public async Task UpdateStorageAsync(string name, Action<NodeLocalStorage> edit)
    {
        for (var attempt = 1; ; attempt++)
        {
            var nls = await Client.CustomObjects.GetClusterCustomObjectAsync<NodeLocalStorage>(CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, name);
            edit(nls);
            try
            {
                await Client.CustomObjects.ReplaceClusterCustomObjectAsync<NodeLocalStorage>(nls, CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, name);
                return;
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 10)
            {
                // The agent wrote the status in between: re-read and edit again, as kubectl edit would.
            }
        }
    }

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync() => [.. (await Client.CoreV1.ListNamespacedEventAsync("default")).Items];

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, re-checking it on every change of any watched
    /// NodeLocalStorage or Event (no sleeps): the loops under test are asynchronous by nature.
    /// </summary>
    public async Task<T> WaitForAsync<T>(Func<Task<T?>> condition, string what, TimeSpan? timeout = null)
        where T : class
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var changed = new SemaphoreSlim(0);
        var nls = PumpAsync(Client.CustomObjects.WatchListClusterCustomObjectAsync(CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, cancellationToken: cts.Token), changed);
        var events = PumpAsync(Client.CoreV1.WatchListNamespacedEventAsync("default", cancellationToken: cts.Token), changed);
        try
        {
            while (true)
            {
                if (await condition() is { } result)
                    return result;
                await changed.WaitAsync(cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"timed out waiting for {what}");
        }
        finally
        {
            await cts.CancelAsync();
            await Task.WhenAll(nls, events);
        }
    }

    private static async Task PumpAsync<TItem>(IAsyncEnumerable<(WatchEventType, TItem)> stream, SemaphoreSlim changed)
    {
        try
        {
            await foreach (var _ in stream)
                changed.Release();
        }
        catch (Exception)
        {
            // The watch ends with the wait (cancellation); a broken watch only slows re-checks down.
            changed.Release();
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
