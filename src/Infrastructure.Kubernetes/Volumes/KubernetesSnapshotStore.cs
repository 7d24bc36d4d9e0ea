using k8s;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Snapshots;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary><see cref="ISnapshotStore"/> over LocalSnapshot resources; same conventions as <see cref="KubernetesVolumeStore"/>.</summary>
public sealed class KubernetesSnapshotStore(IKubernetes client)
    : CustomResourceStore<Snapshot, Resources.LocalSnapshot, Resources.LocalSnapshotSpec, Resources.LocalSnapshotStatus>(client, Mapping), ISnapshotStore
{
    private static readonly ResourceMapping<Snapshot, Resources.LocalSnapshot, Resources.LocalSnapshotSpec, Resources.LocalSnapshotStatus> Mapping =
        new("snapshot", "ls-", s => s.Id, SnapshotMapping.ToResource, SnapshotMapping.ToSpec, SnapshotMapping.ToStatus, SnapshotMapping.FromResource);
}
