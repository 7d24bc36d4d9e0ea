using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OpenLocal.Infrastructure.Kubernetes.Client;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>
/// The watch-fed cache of one record kind (an <see cref="Informer{T}"/>, ADR-0023) with what its readers need on top:
/// a task per object that completes at its next change (the CSI controller waits on it instead of polling, ADR-0055)
/// and listeners for every change (the node's reconcile queue, ADR-0056).
/// </summary>
public sealed class RecordCache<TResource> : IAsyncDisposable
    where TResource : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Informer<TResource> informer;
    private readonly Lock sync = new();
    private readonly Dictionary<string, TaskCompletionSource> waiters = new(StringComparer.Ordinal);
    private readonly List<Action<TResource>> listeners = [];
    private bool started;

    public RecordCache(IKubernetes client, RecordScope scope, TimeSpan resyncPeriod, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        informer = new Informer<TResource>(new ResourceClient<TResource>(client), new InformerOptions
        {
            LabelSelector = scope.LabelSelector,
            ResyncPeriod = resyncPeriod,
            Logger = logger,
        });
        informer.OnAdd = Changed;
        informer.OnUpdate = (_, current) => Changed(current);
        informer.OnDelete = Changed;
    }

    /// <summary>True once the first list is in the cache; a list fails (and this stays false) while the CRD is missing.</summary>
    public bool HasSynced => informer.HasSynced;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => informer.WaitForSyncAsync(cancellationToken);

    public TResource? Get(string name) => informer.Get(name);

    public IReadOnlyList<TResource> List() => informer.List();

    public void Start()
    {
        lock (sync)
        {
            if (started)
                return;
            started = true;
        }
        informer.Start();
    }

    /// <summary>
    /// Completes at the next add, update (including a resync) or delete of the object. Take it before reading the
    /// cache, then a change between the read and the wait is never missed.
    /// </summary>
    public Task NextChangeAsync(string name)
    {
        lock (sync)
        {
            if (!waiters.TryGetValue(name, out var waiter))
            {
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters[name] = waiter;
            }
            return waiter.Task;
        }
    }

    /// <summary>Calls <paramref name="listener"/> on the informer's loop for every change until the result is disposed.</summary>
    public IDisposable Subscribe(Action<TResource> listener)
    {
        lock (sync)
            listeners.Add(listener);
        return new Subscription(() =>
        {
            lock (sync)
                listeners.Remove(listener);
        });
    }

    private void Changed(TResource resource)
    {
        TaskCompletionSource? waiter;
        Action<TResource>[] current;
        lock (sync)
        {
            waiters.Remove(resource.Metadata.Name, out waiter);
            current = [.. listeners];
        }
        waiter?.TrySetResult();
        foreach (var listener in current)
            listener(resource);
    }

    public ValueTask DisposeAsync() => informer.DisposeAsync();

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
