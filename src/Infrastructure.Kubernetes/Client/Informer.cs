using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenLocal.Infrastructure.Kubernetes.Client;

/// <summary>
/// A local, watch-fed cache of one resource kind — the building block of the controller, agent and extender
/// (ADR-0023). It lists, then watches from the list's resourceVersion; after a dropped connection it re-watches from
/// the last seen resourceVersion, and when the server answers 410 Gone it relists and raises the differences, so no
/// change is lost either way.
/// <para>
/// Callbacks run one at a time, in event order, on the informer's loop; keep them short (enqueue work, do not call
/// the API). Set them before <see cref="Start"/>. <see cref="OnUpdate"/> receives (old, new); on resync old == new.
/// </para>
/// </summary>
/// <example>
/// <code>
/// await using var nodes = new Informer&lt;V1Node&gt;(new ResourceClient&lt;V1Node&gt;(client));
/// nodes.OnAdd = n => queue.Enqueue(n.Name());
/// nodes.Start();
/// await nodes.WaitForSyncAsync(ct);
/// var node = nodes.Get("node-1");
/// </code>
/// </example>
public sealed class Informer<T> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(100);
    private readonly ResourceClient<T> resources;
    private readonly InformerOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, T> cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock dispatch = new();
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;
    private int disposed;

    public Informer(ResourceClient<T> resources, InformerOptions? options = null)
    {
        this.resources = resources;
        this.options = options ?? new InformerOptions();
        logger = this.options.Logger ?? NullLogger.Instance;
    }

    public Action<T>? OnAdd { get; set; }

    public Action<T, T>? OnUpdate { get; set; }

    public Action<T>? OnDelete { get; set; }

    /// <summary>True once the first list has been loaded into the cache (and the callbacks for it have run).</summary>
    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The resourceVersion of the newest event or list seen.</summary>
    public string? LastResourceVersion { get; private set; }

    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => synced.Task.WaitAsync(cancellationToken);

    /// <summary>The cached object, or null. Cluster-scoped kinds ignore <paramref name="ns"/>.</summary>
    public T? Get(string name, string? ns = null) => cache.GetValueOrDefault(Key(ns, name));

    /// <summary>A snapshot of every cached object.</summary>
    public IReadOnlyList<T> List() => cache.Values.ToArray();

    public void Start()
    {
        if (running != Task.CompletedTask)
            throw new InvalidOperationException("the informer is already started");
        running = Task.WhenAll(RunAsync(stopping.Token), ResyncAsync(stopping.Token));
    }

    /// <summary>Stops the informer; idempotent (a DI container may dispose an instance it handed out twice).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
            return;
        await stopping.CancelAsync();
        await running;
        stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = InitialBackoff;
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await RelistAsync(cancellationToken);
                Exception? watchError = null;
                await foreach (var (type, obj) in resources.WatchAsync(resourceVersion, options.Namespace, options.LabelSelector,
                    options.FieldSelector, options.WatchTimeout, e => watchError ??= e, cancellationToken))
                {
                    if (type == WatchEventType.Error)
                    {
                        // An ERROR event the client did not turn into an exception: the safe reaction is a relist.
                        watchError = new KubernetesException(new V1Status { Code = (int)HttpStatusCode.Gone });
                        break;
                    }
                    backoff = InitialBackoff;
                    resourceVersion = obj.Metadata?.ResourceVersion ?? resourceVersion;
                    LastResourceVersion = resourceVersion;
                    if (type != WatchEventType.Bookmark)
                        Apply(type, obj);
                }
                if (IsGone(watchError))
                    resourceVersion = Expired(resourceVersion);
                else if (watchError is not null && !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning(watchError, "{Kind} watch failed; re-watching from resourceVersion {ResourceVersion}", ResourceClient<T>.Entity.Kind, resourceVersion);
                    await Task.Delay(backoff, cancellationToken);
                    backoff = Next(backoff);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsGone(e))
            {
                resourceVersion = Expired(resourceVersion);
            }
            catch (Exception e) when (e is HttpRequestException or HttpOperationException or IOException or KubernetesException or OperationCanceledException)
            {
                logger.LogWarning(e, "{Kind} list/watch failed; retrying in {Backoff}", ResourceClient<T>.Entity.Kind, backoff);
                try
                {
                    await Task.Delay(backoff, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = Next(backoff);
            }
        }
    }

    private string? Expired(string? resourceVersion)
    {
        logger.LogInformation("{Kind} watch from resourceVersion {ResourceVersion} expired; relisting", ResourceClient<T>.Entity.Kind, resourceVersion);
        return null;
    }

    /// <summary>Replaces the cache with a fresh list and raises what changed since the cache was last right.</summary>
    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await resources.ListAsync(options.Namespace, options.LabelSelector, options.FieldSelector, cancellationToken);
        lock (dispatch)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                seen.Add(Key(item));
                Apply(WatchEventType.Modified, item);
            }
            foreach (var (key, old) in cache)
            {
                if (!seen.Contains(key) && cache.TryRemove(key, out _))
                    Raise(() => OnDelete?.Invoke(old));
            }
        }
        LastResourceVersion = resourceVersion;
        synced.TrySetResult();
        return resourceVersion;
    }

    private void Apply(WatchEventType type, T obj)
    {
        lock (dispatch)
        {
            var key = Key(obj);
            if (type == WatchEventType.Deleted)
            {
                if (cache.TryRemove(key, out _))
                    Raise(() => OnDelete?.Invoke(obj));
                return;
            }
            if (cache.TryGetValue(key, out var old))
            {
                if (old.Metadata.ResourceVersion == obj.Metadata.ResourceVersion)
                    return;
                cache[key] = obj;
                Raise(() => OnUpdate?.Invoke(old, obj));
                return;
            }
            cache[key] = obj;
            Raise(() => OnAdd?.Invoke(obj));
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        if (options.ResyncPeriod <= TimeSpan.Zero)
            return;
        using var timer = new PeriodicTimer(options.ResyncPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                lock (dispatch)
                {
                    foreach (var obj in cache.Values)
                        Raise(() => OnUpdate?.Invoke(obj, obj));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Raise(Action callback)
    {
        try
        {
            callback();
        }
#pragma warning disable CA1031 // A failing handler must not stop the informer (and with it every other handler).
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "{Kind} informer handler failed", ResourceClient<T>.Entity.Kind);
        }
    }

    private static bool IsGone(Exception? e) => e switch
    {
        KubernetesException k => k.Status?.Code == (int)HttpStatusCode.Gone,
        HttpOperationException h => h.Response.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };

    private TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));

    private static string Key(T obj) => Key(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    private static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
}
