using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace OpenLocal.Hosts.Extender.Watch;

// The parts of the external-snapshotter objects (snapshot.storage.k8s.io/v1) the extender reads to
// pin restores to their snapshot's node (extender.md §4.1 step 4). KubernetesClient has no models
// for them.

[KubernetesEntity(Group = "snapshot.storage.k8s.io", ApiVersion = "v1", Kind = "VolumeSnapshot", PluralName = "volumesnapshots")]
public sealed class VolumeSnapshotResource : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "snapshot.storage.k8s.io/v1";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "VolumeSnapshot";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("status")] public VolumeSnapshotStatus? Status { get; set; }
}

public sealed class VolumeSnapshotStatus
{
    [JsonPropertyName("boundVolumeSnapshotContentName")] public string? BoundVolumeSnapshotContentName { get; set; }
    [JsonPropertyName("readyToUse")] public bool? ReadyToUse { get; set; }
}

[KubernetesEntity(Group = "snapshot.storage.k8s.io", ApiVersion = "v1", Kind = "VolumeSnapshotContent", PluralName = "volumesnapshotcontents")]
public sealed class VolumeSnapshotContentResource : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "snapshot.storage.k8s.io/v1";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "VolumeSnapshotContent";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("status")] public VolumeSnapshotContentStatus? Status { get; set; }
}

public sealed class VolumeSnapshotContentStatus
{
    [JsonPropertyName("snapshotHandle")] public string? SnapshotHandle { get; set; }
}
