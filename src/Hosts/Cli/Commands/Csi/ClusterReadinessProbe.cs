using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Csi;
using OpenLocal.Infrastructure.Kubernetes.Volumes;

namespace OpenLocal.Cli.Commands.Csi;

/// <summary>
/// csi.md §9 in a cluster: ready once the LocalVolume/LocalSnapshot caches (and, for the controller, the
/// NodeLocalStorage and Node caches) have synced. A cache whose CRD is missing never lists, so this also
/// says the CRDs exist.
/// </summary>
public sealed class ClusterReadinessProbe(ClusterRecords records, ClusterStorageInventory? inventory) : IBackendProbe
{
    public Task CheckAsync(CancellationToken cancellationToken)
    {
        if (!records.HasSynced)
            throw StorageException.Unavailable("the LocalVolume and LocalSnapshot caches have not synced yet (are the CRDs installed and the API server reachable?)");
        if (inventory is { HasSynced: false })
            throw StorageException.Unavailable("the NodeLocalStorage and Node caches have not synced yet");
        return Task.CompletedTask;
    }
}
