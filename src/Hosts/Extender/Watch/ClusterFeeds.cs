using System.Reflection;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Hosts.Extender.Watch;

/// <summary>
/// Every watch the extender needs (extender.md §6.2), each on its own task, all writing into one
/// <see cref="SchedulingCache"/>. The cache is marked ready once every kind has been listed.
/// </summary>
public sealed class ClusterFeeds
{
    private readonly SchedulingCache _cache;
    private readonly List<Func<CancellationToken, Task>> _runs = [];
    private readonly List<Task> _synced = [];

    public ClusterFeeds(IKubernetes client, SchedulingCache cache, ExtenderMetrics metrics, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(loggers);
        _cache = cache;
        var logger = loggers.CreateLogger<ClusterFeeds>();
        var count = metrics.CountEvent;

        Add(Custom<NodeLocalStorage>(client, nls => cache.ApplyNodeStorage(FactMapper.ToReport(nls)), nls => cache.DeleteNodeStorage(nls.Metadata.Name), count, logger));
        Add(Custom<Infrastructure.Kubernetes.Resources.LocalVolume>(client,
            lv => { if (FactMapper.ToFact(lv) is { } f) cache.ApplyLocalVolume(f); },
            lv => cache.DeleteLocalVolume(lv.Spec.VolumeId), count, logger));
        Add(Custom<LocalSnapshot>(client, s => cache.ApplyLocalSnapshot(FactMapper.ToFact(s)), s => cache.DeleteLocalSnapshot(s.Spec.SnapshotId), count, logger));
        Add(Custom<VolumeSnapshotResource>(client, s => cache.ApplyVolumeSnapshot(FactMapper.ToFact(s)),
            s => cache.DeleteVolumeSnapshot(s.Metadata.NamespaceProperty ?? "default", s.Metadata.Name), count, logger));
        Add(Custom<VolumeSnapshotContentResource>(client, c => cache.ApplySnapshotContent(FactMapper.ToFact(c)), c => cache.DeleteSnapshotContent(c.Metadata.Name), count, logger));

        Add(new ResourceFeed<V1PersistentVolume>("PersistentVolume",
            async ct => { var l = await client.CoreV1.ListPersistentVolumeAsync(cancellationToken: ct); return (l.Items, l.Metadata.ResourceVersion); },
            (rv, onError, ct) => client.CoreV1.WatchListPersistentVolumeAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            pv => { if (FactMapper.ToFact(pv) is { } f) cache.ApplyPersistentVolume(f); },
            pv => { if (FactMapper.ToFact(pv) is { } f) cache.DeletePersistentVolume(f); },
            count, logger));
        Add(new ResourceFeed<V1PersistentVolumeClaim>("PersistentVolumeClaim",
            async ct => { var l = await client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct); return (l.Items, l.Metadata.ResourceVersion); },
            (rv, onError, ct) => client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            pvc => cache.ApplyClaim(FactMapper.ToFact(pvc)),
            pvc => cache.DeleteClaim(pvc.Metadata.NamespaceProperty ?? "default", pvc.Metadata.Name),
            count, logger));
        Add(new ResourceFeed<V1Pod>("Pod",
            async ct => { var l = await client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct); return (l.Items, l.Metadata.ResourceVersion); },
            (rv, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            pod => cache.ApplyPod(FactMapper.ToFact(pod)),
            pod => cache.DeletePod(pod.Metadata.Uid ?? ""),
            count, logger));
        Add(new ResourceFeed<V1StorageClass>("StorageClass",
            async ct => { var l = await client.StorageV1.ListStorageClassAsync(cancellationToken: ct); return (l.Items, l.Metadata.ResourceVersion); },
            (rv, onError, ct) => client.StorageV1.WatchListStorageClassAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct),
            sc => cache.ApplyStorageClass(FactMapper.ToFact(sc)),
            sc => cache.DeleteStorageClass(sc.Metadata.Name),
            count, logger));
        // Only the hostname label is kept: PVs pin volumes by it (ADR-0043). Nodes are large and
        // their status changes often, so the feed holds a stripped copy and the cache ignores
        // updates that leave the label as it was.
        Add(new ResourceFeed<V1Node>("Node",
            async ct => { var l = await client.CoreV1.ListNodeAsync(cancellationToken: ct); return (l.Items.Select(Stripped).ToList(), l.Metadata.ResourceVersion); },
            (rv, onError, ct) => Stripped(client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct), ct),
            node => cache.ApplyNode(FactMapper.ToFact(node)),
            node => cache.DeleteNode(node.Metadata.Name),
            count, logger));
    }

    /// <summary>Runs every feed until <paramref name="cancellationToken"/> fires; marks the cache ready once all listed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var running = new List<Task>(_runs.Count);
        foreach (var run in _runs)
            running.Add(Task.Run(() => run(cancellationToken), CancellationToken.None)); // a feed returns (not throws) when cancelled, even before it starts
        var synced = Task.WhenAll(_synced);
        if (await Task.WhenAny(synced, Task.WhenAll(running)) == synced)
            _cache.MarkReady();
        await Task.WhenAll(running);
    }

    private void Add<T>(ResourceFeed<T> feed)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        _runs.Add(feed.RunAsync);
        _synced.Add(feed.Synced);
    }

    // Cluster-scoped CRDs and namespaced snapshot objects, through the custom-object API (all namespaces).
    private static ResourceFeed<T> Custom<T>(IKubernetes client, Action<T> apply, Action<T> delete, Action<string, string> count, ILogger logger)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()!;
        return new ResourceFeed<T>(entity.Kind,
            async ct =>
            {
                var result = await client.CustomObjects.ListClusterCustomObjectAsync(entity.Group, entity.ApiVersion, entity.PluralName, cancellationToken: ct);
                var list = Convert<CustomResourceList<T>>(result);
                return (list.Items, list.Metadata.ResourceVersion ?? "");
            },
            (rv, onError, ct) => Typed<T>(client.CustomObjects.WatchListClusterCustomObjectAsync(entity.Group, entity.ApiVersion, entity.PluralName,
                allowWatchBookmarks: true, resourceVersion: rv, onError: onError, cancellationToken: ct), ct),
            apply, delete, count, logger);
    }

    private static async IAsyncEnumerable<(WatchEventType Type, T Object)> Typed<T>(
        IAsyncEnumerable<(WatchEventType Type, object Object)> events, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, obj) in events.WithCancellation(cancellationToken))
            yield return (type, Convert<T>(obj));
    }

    private static async IAsyncEnumerable<(WatchEventType Type, V1Node Object)> Stripped(
        IAsyncEnumerable<(WatchEventType Type, V1Node Object)> events, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, node) in events.WithCancellation(cancellationToken))
            yield return (type, Stripped(node));
    }

    private static V1Node Stripped(V1Node node)
    {
        var meta = node.Metadata;
        var labels = meta?.Labels is { } all && all.TryGetValue(FactMapper.HostnameLabel, out var hostname)
            ? new Dictionary<string, string> { [FactMapper.HostnameLabel] = hostname }
            : null;
        return new V1Node { Metadata = new V1ObjectMeta { Name = meta?.Name, Uid = meta?.Uid, ResourceVersion = meta?.ResourceVersion, Labels = labels } };
    }

    private static TResult Convert<TResult>(object value) => value is JsonElement element
        ? KubernetesJson.Deserialize<TResult>(element)
        : KubernetesJson.Deserialize<TResult>(KubernetesJson.Serialize(value));
}
