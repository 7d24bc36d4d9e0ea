using k8s;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Snapshots;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary><see cref="ISnapshotStore"/> over LocalSnapshot resources; same conventions as <see cref="KubernetesVolumeStore"/>.</summary>
public sealed class KubernetesSnapshotStore
    : CustomResourceStore<Snapshot, Resources.LocalSnapshot, Resources.LocalSnapshotSpec, Resources.LocalSnapshotStatus>, ISnapshotStore
{
    private static readonly ResourceMapping<Snapshot, Resources.LocalSnapshot, Resources.LocalSnapshotSpec, Resources.LocalSnapshotStatus> Mapping =
        new("snapshot", "ls-", Resources.LocalSnapshot.Finalizer, s => s.Id, SnapshotMapping.ToResource, SnapshotMapping.ToSpec, SnapshotMapping.ToStatus, SnapshotMapping.FromResource);

    /// <summary>Reads and writes through the API, both halves (tests, tools).</summary>
    public KubernetesSnapshotStore(IKubernetes client)
        : base(client, Mapping, null, RecordScope.Everything)
    {
    }

    /// <summary>Reads from the process's watch-fed cache, writes the half its scope owns.</summary>
    public KubernetesSnapshotStore(ClusterRecords records)
        : base(Guard(records).Client, Mapping, records.Snapshots, records.Scope)
    {
    }

    private static ClusterRecords Guard(ClusterRecords records) => records ?? throw new ArgumentNullException(nameof(records));
}
