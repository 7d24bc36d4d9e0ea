using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Kubernetes.Client;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>
/// A store of domain records kept as custom resources (ADR-0003, ADR-0020): spec through the main resource, status
/// through the status subresource, every write retried on conflict, and unchanged spec or status never written.
/// Deleting only requests deletion: the finalizer keeps the record (and its ledger entry) until the node has removed
/// what it describes. The record kinds differ only in their <see cref="ResourceMapping{TRecord,TResource,TSpec,TStatus}"/>.
/// </summary>
public abstract class CustomResourceStore<TRecord, TResource, TSpec, TStatus>(IKubernetes client, ResourceMapping<TRecord, TResource, TSpec, TStatus> mapping)
    where TRecord : class
    where TResource : class, IKubernetesObject<V1ObjectMeta>, ISpec<TSpec>, IStatus<TStatus?>
    where TStatus : class
{
    private readonly ResourceClient<TResource> resources = new(client);

    public async Task<TRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var resource = await resources.GetAsync(mapping.ObjectName(id), cancellationToken: cancellationToken);
        return resource is null ? null : mapping.FromResource(resource);
    }

    public async Task<IReadOnlyList<TRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, _) = await resources.ListAsync(cancellationToken: cancellationToken);
        return items.Select(mapping.FromResource).OrderBy(mapping.IdOf, StringComparer.Ordinal).ToArray();
    }

    public async Task CreateAsync(TRecord record, CancellationToken cancellationToken)
    {
        var resource = mapping.ToResource(record);
        try
        {
            var created = await resources.CreateAsync(resource, cancellationToken);
            if (resource.Status is { } status)
            {
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
        var spec = mapping.ToSpec(record);
        var updated = await resources.UpdateAsync(name, r =>
        {
            if (SameJson.Equal(r.Spec, spec))
                return false;
            r.Spec = spec;
            return true;
        }, cancellationToken: cancellationToken)
            ?? throw StorageException.NotFound($"no {ResourceClient<TResource>.Entity.Kind} for {mapping.Noun} {mapping.IdOf(record)}");
        var status = mapping.ToStatus(record);
        if (SameJson.Equal(updated.Status, status))
            return;
        await resources.UpdateAsync(name, r =>
        {
            r.Status = status;
            return true;
        }, status: true, cancellationToken: cancellationToken);
    }

    public async Task DeleteIfExistsAsync(string id, CancellationToken cancellationToken) =>
        await resources.DeleteAsync(mapping.ObjectName(id), cancellationToken: cancellationToken);
}
