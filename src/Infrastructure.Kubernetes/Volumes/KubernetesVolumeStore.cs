using k8s;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Volumes;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary><see cref="IVolumeStore"/> over LocalVolume resources (ADR-0003, ADR-0020, ADR-0054).</summary>
public sealed class KubernetesVolumeStore
    : CustomResourceStore<LocalVolume, Resources.LocalVolume, Resources.LocalVolumeSpec, Resources.LocalVolumeStatus>, IVolumeStore
{
    private static readonly ResourceMapping<LocalVolume, Resources.LocalVolume, Resources.LocalVolumeSpec, Resources.LocalVolumeStatus> Mapping =
        new("volume", "lv-", Resources.LocalVolume.Finalizer, v => v.Id, VolumeMapping.ToResource, VolumeMapping.ToSpec, VolumeMapping.ToStatus, VolumeMapping.FromResource);

    /// <summary>Reads and writes through the API, both halves (tests, tools).</summary>
    public KubernetesVolumeStore(IKubernetes client)
        : base(client, Mapping, null, RecordScope.Everything)
    {
    }

    /// <summary>Reads from the process's watch-fed cache, writes the half its scope owns.</summary>
    public KubernetesVolumeStore(ClusterRecords records)
        : base(Guard(records).Client, Mapping, records.Volumes, records.Scope)
    {
    }

    private static ClusterRecords Guard(ClusterRecords records) => records ?? throw new ArgumentNullException(nameof(records));
}
