using System.Net;
using k8s;
using k8s.Autorest;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Kubernetes.Client;
using Resource = OpenLocal.Infrastructure.Kubernetes.Resources.LocalVolume;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>
/// <see cref="IVolumeStore"/> over LocalVolume resources (ADR-0003, ADR-0020): spec through the main resource, status
/// through the status subresource, every write retried on conflict. Deleting only requests deletion: the finalizer
/// keeps the record (and its ledger entry) until the node has removed the volume.
/// </summary>
public sealed class KubernetesVolumeStore(IKubernetes client) : IVolumeStore
{
    private readonly ResourceClient<Resource> resources = new(client);

    public async Task<LocalVolume?> FindAsync(string volumeId, CancellationToken cancellationToken)
    {
        var resource = await resources.GetAsync(ResourceNames.ObjectName(volumeId, "lv-"), cancellationToken: cancellationToken);
        return resource is null ? null : VolumeMapping.FromResource(resource);
    }

    public async Task<IReadOnlyList<LocalVolume>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, _) = await resources.ListAsync(cancellationToken: cancellationToken);
        return items.Select(VolumeMapping.FromResource).OrderBy(v => v.Id, StringComparer.Ordinal).ToArray();
    }

    public async Task CreateAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        var resource = VolumeMapping.ToResource(volume);
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
            throw StorageException.AlreadyExists($"a LocalVolume for volume {volume.Id} already exists");
        }
    }

    public async Task UpdateAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var name = ResourceNames.ObjectName(volume.Id, "lv-");
        var spec = VolumeMapping.ToSpec(volume);
        var updated = await resources.UpdateAsync(name, r =>
        {
            if (SameJson.Equal(r.Spec, spec))
                return false;
            r.Spec = spec;
            return true;
        }, cancellationToken: cancellationToken)
            ?? throw StorageException.NotFound($"no LocalVolume for volume {volume.Id}");
        var status = VolumeMapping.ToStatus(volume);
        if (SameJson.Equal(updated.Status, status))
            return;
        await resources.UpdateAsync(name, r =>
        {
            r.Status = status;
            return true;
        }, status: true, cancellationToken: cancellationToken);
    }

    public async Task DeleteIfExistsAsync(string volumeId, CancellationToken cancellationToken) =>
        await resources.DeleteAsync(ResourceNames.ObjectName(volumeId, "lv-"), cancellationToken: cancellationToken);
}
