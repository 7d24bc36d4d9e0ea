using System.Net;
using k8s;
using k8s.Autorest;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Infrastructure.Kubernetes.Client;
using Resource = OpenLocal.Infrastructure.Kubernetes.Resources.LocalSnapshot;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary><see cref="ISnapshotStore"/> over LocalSnapshot resources; same conventions as <see cref="KubernetesVolumeStore"/>.</summary>
public sealed class KubernetesSnapshotStore(IKubernetes client) : ISnapshotStore
{
    private readonly ResourceClient<Resource> resources = new(client);

    public async Task<Snapshot?> FindAsync(string snapshotId, CancellationToken cancellationToken)
    {
        var resource = await resources.GetAsync(ResourceNames.ObjectName(snapshotId, "ls-"), cancellationToken: cancellationToken);
        return resource is null ? null : SnapshotMapping.FromResource(resource);
    }

    public async Task<IReadOnlyList<Snapshot>> ListAsync(CancellationToken cancellationToken)
    {
        var (items, _) = await resources.ListAsync(cancellationToken: cancellationToken);
        return items.Select(SnapshotMapping.FromResource).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
    }

    public async Task CreateAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        var resource = SnapshotMapping.ToResource(snapshot);
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
            throw StorageException.AlreadyExists($"a LocalSnapshot for snapshot {snapshot.Id} already exists");
        }
    }

    public async Task UpdateAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var name = ResourceNames.ObjectName(snapshot.Id, "ls-");
        var spec = SnapshotMapping.ToSpec(snapshot);
        var updated = await resources.UpdateAsync(name, r =>
        {
            if (SameJson.Equal(r.Spec, spec))
                return false;
            r.Spec = spec;
            return true;
        }, cancellationToken: cancellationToken)
            ?? throw StorageException.NotFound($"no LocalSnapshot for snapshot {snapshot.Id}");
        var status = SnapshotMapping.ToStatus(snapshot);
        if (SameJson.Equal(updated.Status, status))
            return;
        await resources.UpdateAsync(name, r =>
        {
            r.Status = status;
            return true;
        }, status: true, cancellationToken: cancellationToken);
    }

    public async Task DeleteIfExistsAsync(string snapshotId, CancellationToken cancellationToken) =>
        await resources.DeleteAsync(ResourceNames.ObjectName(snapshotId, "ls-"), cancellationToken: cancellationToken);
}
