using k8s;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Volumes;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary><see cref="IVolumeStore"/> over LocalVolume resources (ADR-0003, ADR-0020).</summary>
public sealed class KubernetesVolumeStore(IKubernetes client)
    : CustomResourceStore<LocalVolume, Resources.LocalVolume, Resources.LocalVolumeSpec, Resources.LocalVolumeStatus>(client, Mapping), IVolumeStore
{
    private static readonly ResourceMapping<LocalVolume, Resources.LocalVolume, Resources.LocalVolumeSpec, Resources.LocalVolumeStatus> Mapping =
        new("volume", "lv-", v => v.Id, VolumeMapping.ToResource, VolumeMapping.ToSpec, VolumeMapping.ToStatus, VolumeMapping.FromResource);
}
