using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace OpenLocal.Infrastructure.Kubernetes.Resources;

/// <summary>One COW snapshot LV, reconciled by the node plugin of <c>spec.nodeName</c> (spec/crds.md §6, ADR-0020).</summary>
[KubernetesEntity(Group = CsiAliyunGroup.Name, ApiVersion = CsiAliyunGroup.Version, Kind = KubeKind, PluralName = Plural)]
public sealed class LocalSnapshot : IKubernetesObject<V1ObjectMeta>, ISpec<LocalSnapshotSpec>, IStatus<LocalSnapshotStatus?>
{
    public const string KubeKind = "LocalSnapshot";
    public const string Plural = "localsnapshots";
    public const string Finalizer = "csi.aliyun.com/local-snapshot";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = CsiAliyunGroup.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = KubeKind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public LocalSnapshotSpec Spec { get; set; } = new();
    [JsonPropertyName("status")] public LocalSnapshotStatus? Status { get; set; }
}

public sealed class LocalSnapshotSpec
{
    [JsonPropertyName("snapshotId")] public string SnapshotId { get; set; } = "";
    [JsonPropertyName("sourceVolumeId")] public string SourceVolumeId { get; set; } = "";
    [JsonPropertyName("nodeName")] public string NodeName { get; set; } = "";
    [JsonPropertyName("vgName")] public string VgName { get; set; } = "";
    [JsonPropertyName("readOnly")] public bool ReadOnly { get; set; }
    [JsonPropertyName("initialSizeBytes")] public long InitialSizeBytes { get; set; }

    /// <summary>The only mutable part of the spec.</summary>
    [JsonPropertyName("expansion")] public SnapshotExpansion? Expansion { get; set; }
}

public sealed class SnapshotExpansion
{
    [JsonPropertyName("thresholdPercent")] public int ThresholdPercent { get; set; }
    [JsonPropertyName("stepBytes")] public long StepBytes { get; set; }
}

public sealed class LocalSnapshotStatus : IObservedStatus
{
    /// <summary><c>Pending</c> | <c>Ready</c> | <c>Failed</c> | <c>Deleting</c>.</summary>
    [JsonPropertyName("phase")] public string? Phase { get; set; }
    [JsonPropertyName("capacityBytes")] public long? CapacityBytes { get; set; }
    [JsonPropertyName("usedPercent")] public int? UsedPercent { get; set; }
    [JsonPropertyName("restoreSizeBytes")] public long? RestoreSizeBytes { get; set; }
    [JsonPropertyName("creationTime")] public DateTime? CreationTime { get; set; }
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; set; }
}
