using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenLocal.Application.Ports;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>
/// List-then-watch of Nodes, NodeLocalStorages and NLSCs. Each (re)list reports every object as
/// Added and every object that vanished since the previous list as Deleted; a watch that ends or
/// expires (410 Gone) is followed by a relist, so no delete is ever missed.
/// </summary>
public sealed class KubernetesStorageChanges(IKubernetes client) : IStorageChanges
{
    public async IAsyncEnumerable<StorageChange> WatchAsync(WatchedKind kind, string? name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fieldSelector = name is null ? null : $"metadata.name={name}";
        var known = new Dictionary<string, long>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            var (items, resourceVersion) = await ListAsync(kind, fieldSelector, cancellationToken);
            foreach (var gone in known.Keys.Where(k => !items.ContainsKey(k)).ToList())
            {
                known.Remove(gone);
                yield return new StorageChange(kind, ChangeType.Deleted, gone, 0);
            }
            foreach (var (itemName, generation) in items)
            {
                known[itemName] = generation;
                yield return new StorageChange(kind, ChangeType.Added, itemName, generation);
            }
            await using var events = WatchFromAsync(kind, fieldSelector, resourceVersion, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                StorageChange? change;
                try
                {
                    if (!await events.MoveNextAsync())
                        break;
                    change = events.Current;
                }
                catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
                {
                    break;
                }
                catch (KubernetesException ex) when (ex.Status?.Code == (int)HttpStatusCode.Gone)
                {
                    break;
                }
                if (change is null)
                    continue;
                if (change.Type == ChangeType.Deleted)
                    known.Remove(change.Name);
                else
                    known[change.Name] = change.Generation;
                yield return change;
            }
        }
    }

    private async Task<(Dictionary<string, long> Items, string ResourceVersion)> ListAsync(WatchedKind kind, string? fieldSelector, CancellationToken cancellationToken)
    {
        try
        {
            switch (kind)
            {
                case WatchedKind.Node:
                    var nodes = await client.CoreV1.ListNodeAsync(fieldSelector: fieldSelector, cancellationToken: cancellationToken);
                    return (nodes.Items.ToDictionary(n => n.Metadata.Name, n => n.Metadata.Generation ?? 0, StringComparer.Ordinal), nodes.Metadata.ResourceVersion);
                default:
                    var plural = Plural(kind);
                    var list = await client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<GenericCustomResource>>(
                        CsiAliyunGroup.Name, CsiAliyunGroup.Version, plural, fieldSelector: fieldSelector, cancellationToken: cancellationToken);
                    return (list.Items.ToDictionary(i => i.Metadata.Name, i => i.Metadata.Generation ?? 0, StringComparer.Ordinal), list.Metadata.ResourceVersion);
            }
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException($"list {kind}");
        }
    }

    private async IAsyncEnumerable<StorageChange?> WatchFromAsync(WatchedKind kind, string? fieldSelector, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (kind == WatchedKind.Node)
        {
            var nodes = client.CoreV1.WatchListNodeAsync(
                allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: resourceVersion, cancellationToken: cancellationToken);
            await foreach (var (type, node) in nodes)
                yield return ToChange(kind, type, node?.Metadata);
        }
        else
        {
            var items = client.CustomObjects.WatchListClusterCustomObjectAsync(
                CsiAliyunGroup.Name, CsiAliyunGroup.Version, Plural(kind),
                allowWatchBookmarks: true, fieldSelector: fieldSelector, resourceVersion: resourceVersion, cancellationToken: cancellationToken);
            await foreach (var (type, item) in items)
                yield return ToChange(kind, type, MetadataOf(item));
        }
    }

    private static V1ObjectMeta? MetadataOf(object? item) => item switch
    {
        null => null,
        System.Text.Json.JsonElement json => KubernetesJson.Deserialize<GenericCustomResource>(json.GetRawText()).Metadata,
        _ => KubernetesJson.Deserialize<GenericCustomResource>(KubernetesJson.Serialize(item)).Metadata,
    };

    private static StorageChange? ToChange(WatchedKind kind, WatchEventType type, V1ObjectMeta? metadata) => metadata?.Name is null ? null : type switch
    {
        WatchEventType.Added => new StorageChange(kind, ChangeType.Added, metadata!.Name, metadata.Generation ?? 0),
        WatchEventType.Modified => new StorageChange(kind, ChangeType.Modified, metadata!.Name, metadata.Generation ?? 0),
        WatchEventType.Deleted => new StorageChange(kind, ChangeType.Deleted, metadata!.Name, metadata.Generation ?? 0),
        _ => null, // Bookmarks only move the resourceVersion on; errors surface as exceptions.
    };

    private static string Plural(WatchedKind kind) => kind switch
    {
        WatchedKind.NodeLocalStorage => NodeLocalStorage.Plural,
        WatchedKind.InitConfig => NodeLocalStorageInitConfig.Plural,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a custom resource"),
    };

    /// <summary>Only the metadata of a custom object matters to a watch.</summary>
    private sealed class GenericCustomResource : IKubernetesObject<V1ObjectMeta>
    {
        [System.Text.Json.Serialization.JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "";
        [System.Text.Json.Serialization.JsonPropertyName("kind")] public string Kind { get; set; } = "";
        [System.Text.Json.Serialization.JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    }
}
