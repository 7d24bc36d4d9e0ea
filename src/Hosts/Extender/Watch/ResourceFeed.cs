using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace OpenLocal.Hosts.Extender.Watch;

/// <summary>
/// List-then-watch of one resource kind feeding the cache (extender.md §6.2): the initial list is
/// applied in full (objects that vanished since the previous list are deleted, so a relist after a
/// 410 converges), then watch events are applied one by one. Re-delivery is harmless because every
/// cache apply is idempotent. A kind whose API is not installed (404, e.g. no snapshot CRDs) counts
/// as synced and empty, and is retried later.
/// </summary>
public sealed class ResourceFeed<T>(
    string kind,
    Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> watch,
    Action<T> apply,
    Action<T> delete,
    Action<string, string> countEvent,
    ILogger logger)
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MissingApiRetry = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, T> _known = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Kind => kind;

    /// <summary>Completes after the first list has been applied.</summary>
    public Task Synced => _synced.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await RelistAsync(cancellationToken);
                _synced.TrySetResult();
                resourceVersion = await WatchAsync(resourceVersion, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                logger.LogInformation("{Kind} is not served by the API server; treating it as empty", kind);
                _synced.TrySetResult();
                resourceVersion = null;
                await Delay(MissingApiRetry, cancellationToken);
            }
            // OperationCanceledException without our cancellation is an HTTP timeout: relist rather than let the feed die.
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or KubernetesException or System.Text.Json.JsonException or OperationCanceledException)
            {
                logger.LogWarning(e, "{Kind} watch failed; relisting in {Delay}", kind, RetryDelay);
                resourceVersion = null;
                await Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await list(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = Key(item);
            seen.Add(key);
            countEvent(kind, _known.ContainsKey(key) ? "update" : "add");
            _known[key] = item;
            apply(item);
        }
        foreach (var key in _known.Keys.ToList())
        {
            if (seen.Contains(key))
                continue;
            countEvent(kind, "delete");
            delete(_known[key]);
            _known.Remove(key);
        }
        return resourceVersion;
    }

    // Returns the version to resume from, or null when the server said the version is gone (410)
    // or sent an error, which needs a relist.
    private async Task<string?> WatchAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        Exception? serverError = null;
        await foreach (var (type, item) in watch(resourceVersion, e => serverError = e, cancellationToken))
        {
            resourceVersion = item.Metadata?.ResourceVersion ?? resourceVersion;
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    countEvent(kind, type == WatchEventType.Added ? "add" : "update");
                    _known[Key(item)] = item;
                    apply(item);
                    break;
                case WatchEventType.Deleted:
                    countEvent(kind, "delete");
                    _known.Remove(Key(item));
                    delete(item);
                    break;
            }
        }
        if (serverError is null)
            return resourceVersion; // the server closed an idle watch: resume where we were
        logger.LogInformation("{Kind} watch ended: {Reason}; relisting", kind, serverError.Message);
        return null;
    }

    private static string Key(T item) => item.Metadata.Uid ?? (item.Metadata.NamespaceProperty + "/" + item.Metadata.Name);

    private static async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
