using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>
/// A store of domain records kept as custom resources (ADR-0003, ADR-0020, ADR-0054): spec through the main
/// resource, status (with <c>observedGeneration</c>) through the status subresource, every write retried on
/// conflict, and unchanged spec or status never written. Reads come from a watch-fed <see cref="RecordCache{T}"/>
/// when one is given (else from the API); an object this process created is read from the API until the cache
/// shows it (read-your-writes). The <see cref="RecordScope"/> decides which half of an object this process writes.
/// Deletion is two calls: <see cref="RequestDeletionAsync"/> (DELETE; the finalizer keeps the object, and its
/// ledger entry, until the node has removed what it describes) and <see cref="ReleaseAsync"/> (the node drops the
/// finalizer). The record kinds differ only in their <see cref="ResourceMapping{TRecord,TResource,TSpec,TStatus}"/>.
/// </summary>
public abstract class CustomResourceStore<TRecord, TResource, TSpec, TStatus>(
    IKubernetes client,
    ResourceMapping<TRecord, TResource, TSpec, TStatus> mapping,
    RecordCache<TResource>? cache,
    RecordScope scope)
    where TRecord : class
    where TResource : class, IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus?>
    where TStatus : class, IObservedStatus
{
    private readonly ResourceClient<TResource> resources = new(client);
    private readonly ConcurrentDictionary<string, byte> createdNotCached = new(StringComparer.Ordinal);

    public async Task<TRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var name = mapping.ObjectName(id);
        if (cache is { HasSynced: true })
        {
            if (cache.Get(name) is { } cached)
            {
                createdNotCached.TryRemove(name, out _);
                return mapping.FromResource(cached);
            }
            if (!createdNotCached.ContainsKey(name))
                return null;
        }
        var resource = await resources.GetAsync(name, cancellationToken: cancellationToken);
        return resource is null || !scope.Contains(resource.Metadata.Labels) ? null : mapping.FromResource(resource);
    }

    public async Task<IReadOnlyList<TRecord>> ListAsync(CancellationToken cancellationToken)
    {
        IEnumerable<TResource> items;
        if (cache is null)
        {
            (items, _) = await resources.ListAsync(labelSelector: scope.LabelSelector, cancellationToken: cancellationToken);
        }
        else
        {
            await cache.WaitForSyncAsync(cancellationToken);
            items = cache.List();
        }
        return items.Select(mapping.FromResource).OrderBy(mapping.IdOf, StringComparer.Ordinal).ToArray();
    }

    public async Task CreateAsync(TRecord record, CancellationToken cancellationToken)
    {
        var resource = mapping.ToResource(record);
        try
        {
            var created = await resources.CreateAsync(resource, cancellationToken);
            if (cache is not null)
                createdNotCached[created.Metadata.Name] = 0;
            if (resource.Status is { } status)
            {
                status.ObservedGeneration = created.Metadata.Generation;
                created.Status = status;
                await resources.ReplaceStatusAsync(created, cancellationToken);
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw StorageException.AlreadyExists($"a {ResourceClient<TResource>.Entity.Kind} for {mapping.Noun} {mapping.IdOf(record)} already exists");
        }
    }

    public async Task UpdateAsync(TRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = mapping.ObjectName(mapping.IdOf(record));
        var notFound = StorageException.NotFound($"no {ResourceClient<TResource>.Entity.Kind} for {mapping.Noun} {mapping.IdOf(record)}");
        if (scope.WritesSpec)
        {
            var spec = mapping.ToSpec(record);
            _ = await resources.UpdateAsync(name, r =>
            {
                if (SameJson.Equal(r.Spec, spec))
                    return false;
                r.Spec = spec;
                return true;
            }, cancellationToken: cancellationToken) ?? throw notFound;
        }
        if (!scope.WritesStatus)
            return;
        var status = mapping.ToStatus(record);
        _ = await resources.UpdateAsync(name, r =>
        {
            // The status describes the spec this writer acted on: the object's current generation.
            if (status is not null)
                status.ObservedGeneration = r.Metadata.Generation;
            if (SameJson.Equal(r.Status, status))
                return false;
            r.Status = status;
            return true;
        }, status: true, cancellationToken: cancellationToken) ?? throw notFound;
    }

    public async Task RequestDeletionAsync(string id, CancellationToken cancellationToken) =>
        await resources.DeleteAsync(mapping.ObjectName(id), cancellationToken: cancellationToken);

    public async Task ReleaseAsync(string id, CancellationToken cancellationToken)
    {
        var name = mapping.ObjectName(id);
        var current = await resources.UpdateAsync(name, r => r.Metadata.Finalizers?.Remove(mapping.Finalizer) == true, cancellationToken: cancellationToken);
        // Nobody requested the deletion (a node releasing an inline volume it created): without the finalizer it goes at once.
        if (current is { Metadata.DeletionTimestamp: null })
            await resources.DeleteAsync(name, cancellationToken: cancellationToken);
        createdNotCached.TryRemove(name, out _);
    }
}
