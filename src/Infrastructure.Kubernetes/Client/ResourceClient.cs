using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Client;

/// <summary>
/// Typed access to one resource kind — a CRD model from <c>Resources</c> or a KubernetesClient model such as
/// <see cref="V1Node"/> — through KubernetesClient's generic custom-object calls (which also serve the core group).
/// The building block of the repositories behind the Application ports. <paramref name="namespaced"/> decides
/// whether calls need a namespace.
/// </summary>
public sealed class ResourceClient<T>(IKubernetes client, bool namespaced = false)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private const int ConflictRetries = 8;

    public static KubernetesEntityAttribute Entity { get; } = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
        ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity] attribute");

    public IKubernetes Kubernetes => client;

    public bool Namespaced => namespaced;

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> GetAsync(string name, string? ns = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = namespaced
                ? await client.CustomObjects.GetNamespacedCustomObjectAsync(Entity.Group, Entity.ApiVersion, Ns(ns), Entity.PluralName, name, cancellationToken)
                : await client.CustomObjects.GetClusterCustomObjectAsync(Entity.Group, Entity.ApiVersion, Entity.PluralName, name, cancellationToken);
            return Convert<T>(result);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>All matching objects and the list's resourceVersion (to start a watch from). Null namespace = all namespaces.</summary>
    public async Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(
        string? ns = null, string? labelSelector = null, string? fieldSelector = null, CancellationToken cancellationToken = default)
    {
        var result = namespaced && ns is not null
            ? await client.CustomObjects.ListNamespacedCustomObjectAsync(Entity.Group, Entity.ApiVersion, ns, Entity.PluralName,
                labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: cancellationToken)
            : await client.CustomObjects.ListClusterCustomObjectAsync(Entity.Group, Entity.ApiVersion, Entity.PluralName,
                labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: cancellationToken);
        var list = Convert<CustomResourceList<T>>(result);
        return (list.Items.ToArray(), list.Metadata.ResourceVersion ?? "");
    }

    public async Task<T> CreateAsync(T obj, CancellationToken cancellationToken = default)
    {
        var result = namespaced
            ? await client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, Entity.Group, Entity.ApiVersion, Ns(obj.Metadata.NamespaceProperty), Entity.PluralName, cancellationToken: cancellationToken)
            : await client.CustomObjects.CreateClusterCustomObjectAsync(obj, Entity.Group, Entity.ApiVersion, Entity.PluralName, cancellationToken: cancellationToken);
        return Convert<T>(result);
    }

    /// <summary>PUT of the whole object (spec, metadata); fails with 409 when <c>metadata.resourceVersion</c> is stale.</summary>
    public async Task<T> ReplaceAsync(T obj, CancellationToken cancellationToken = default)
    {
        var result = namespaced
            ? await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(obj, Entity.Group, Entity.ApiVersion, Ns(obj.Metadata.NamespaceProperty), Entity.PluralName, obj.Metadata.Name, cancellationToken: cancellationToken)
            : await client.CustomObjects.ReplaceClusterCustomObjectAsync(obj, Entity.Group, Entity.ApiVersion, Entity.PluralName, obj.Metadata.Name, cancellationToken: cancellationToken);
        return Convert<T>(result);
    }

    /// <summary>PUT of the status subresource; spec changes in <paramref name="obj"/> are ignored by the server.</summary>
    public async Task<T> ReplaceStatusAsync(T obj, CancellationToken cancellationToken = default)
    {
        var result = namespaced
            ? await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(obj, Entity.Group, Entity.ApiVersion, Ns(obj.Metadata.NamespaceProperty), Entity.PluralName, obj.Metadata.Name, cancellationToken: cancellationToken)
            : await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync(obj, Entity.Group, Entity.ApiVersion, Entity.PluralName, obj.Metadata.Name, cancellationToken: cancellationToken);
        return Convert<T>(result);
    }

    /// <summary>Patches the object (or its status); <see cref="V1Patch.PatchType"/> picks merge, JSON or strategic merge.</summary>
    public async Task<T> PatchAsync(string name, V1Patch patch, string? ns = null, bool status = false, CancellationToken cancellationToken = default)
    {
        object result = (namespaced, status) switch
        {
            (true, false) => await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Entity.Group, Entity.ApiVersion, Ns(ns), Entity.PluralName, name, cancellationToken: cancellationToken),
            (true, true) => await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, Entity.Group, Entity.ApiVersion, Ns(ns), Entity.PluralName, name, cancellationToken: cancellationToken),
            (false, false) => await client.CustomObjects.PatchClusterCustomObjectAsync(patch, Entity.Group, Entity.ApiVersion, Entity.PluralName, name, cancellationToken: cancellationToken),
            (false, true) => await client.CustomObjects.PatchClusterCustomObjectStatusAsync(patch, Entity.Group, Entity.ApiVersion, Entity.PluralName, name, cancellationToken: cancellationToken),
        };
        return Convert<T>(result);
    }

    /// <summary>
    /// Read-modify-write with optimistic concurrency: reads the latest object, applies <paramref name="mutate"/>, writes
    /// it (or its status), and on 409 Conflict starts over. <paramref name="mutate"/> returns false when nothing needs
    /// writing. Returns the stored object, or null when it does not exist.
    /// </summary>
    public async Task<T?> UpdateAsync(string name, Func<T, bool> mutate, string? ns = null, bool status = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mutate);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(name, ns, cancellationToken);
            if (current is null)
                return null;
            if (!mutate(current))
                return current;
            try
            {
                return status ? await ReplaceStatusAsync(current, cancellationToken) : await ReplaceAsync(current, cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < ConflictRetries)
            {
                // Someone else wrote first: read their version and apply our change again.
            }
        }
    }

    /// <summary>Deletes (or, with finalizers, marks for deletion). False when the object did not exist.</summary>
    public async Task<bool> DeleteAsync(string name, string? ns = null, CancellationToken cancellationToken = default)
    {
        try
        {
            if (namespaced)
                await client.CustomObjects.DeleteNamespacedCustomObjectAsync(Entity.Group, Entity.ApiVersion, Ns(ns), Entity.PluralName, name, cancellationToken: cancellationToken);
            else
                await client.CustomObjects.DeleteClusterCustomObjectAsync(Entity.Group, Entity.ApiVersion, Entity.PluralName, name, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Opens a watch from <paramref name="resourceVersion"/>; errors sent by the server (410) reach <paramref name="onError"/>.</summary>
    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, string? ns, string? labelSelector, string? fieldSelector, TimeSpan timeout, Action<Exception> onError,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seconds = (int)timeout.TotalSeconds;
        var events = namespaced && ns is not null
            ? client.CustomObjects.WatchListNamespacedCustomObjectAsync(Entity.Group, Entity.ApiVersion, ns, Entity.PluralName,
                allowWatchBookmarks: true, labelSelector: labelSelector, fieldSelector: fieldSelector, resourceVersion: resourceVersion,
                timeoutSeconds: seconds, onError: onError, cancellationToken: cancellationToken)
            : client.CustomObjects.WatchListClusterCustomObjectAsync(Entity.Group, Entity.ApiVersion, Entity.PluralName,
                allowWatchBookmarks: true, labelSelector: labelSelector, fieldSelector: fieldSelector, resourceVersion: resourceVersion,
                timeoutSeconds: seconds, onError: onError, cancellationToken: cancellationToken);
        await foreach (var (type, obj) in events.WithCancellation(cancellationToken))
            yield return (type, Convert<T>(obj));
    }

    private static string Ns(string? ns) =>
        string.IsNullOrEmpty(ns) ? throw new ArgumentException($"{typeof(T).Name} is namespaced: a namespace is required", nameof(ns)) : ns;

    private static TResult Convert<TResult>(object result) => result switch
    {
        JsonElement element => KubernetesJson.Deserialize<TResult>(element),
        _ => KubernetesJson.Deserialize<TResult>(KubernetesJson.Serialize(result)),
    };
}
