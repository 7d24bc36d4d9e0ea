using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace OpenLocal.Infrastructure.Kubernetes.Resources;

/// <summary>
/// One placed volume: the CSI controller writes the spec, the node plugin on <c>spec.nodeName</c> makes it real and
/// reports in status (spec/crds.md §5, ADR-0003, ADR-0020). Also the capacity ledger entry for the node.
/// </summary>
[KubernetesEntity(Group = CsiAliyunGroup.Name, ApiVersion = CsiAliyunGroup.Version, Kind = KubeKind, PluralName = Plural)]
public sealed class LocalVolume : IKubernetesObject<V1ObjectMeta>, ISpec<LocalVolumeSpec>, IStatus<LocalVolumeStatus?>
{
    public const string KubeKind = "LocalVolume";
    public const string Plural = "localvolumes";
    public const string Finalizer = "csi.aliyun.com/local-volume";
    public const string NodeLabel = "csi.aliyun.com/node";
    public const string VolumeTypeLabel = "csi.aliyun.com/volume-type";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = CsiAliyunGroup.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = KubeKind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public LocalVolumeSpec Spec { get; set; } = new();

    /// <summary>Null until the node plugin first reports (= Pending).</summary>
    [JsonPropertyName("status")] public LocalVolumeStatus? Status { get; set; }
}

public sealed class LocalVolumeSpec
{
    [JsonPropertyName("volumeId")] public string VolumeId { get; set; } = "";
    [JsonPropertyName("nodeName")] public string NodeName { get; set; } = "";

    /// <summary><c>LVM</c> | <c>Device</c> | <c>MountPoint</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; set; } = "";
    [JsonPropertyName("vgName")] public string? VgName { get; set; }
    [JsonPropertyName("device")] public string? Device { get; set; }
    [JsonPropertyName("mountPoint")] public string? MountPoint { get; set; }

    /// <summary>Requested bytes; only ever grows (expansion).</summary>
    [JsonPropertyName("sizeBytes")] public long SizeBytes { get; set; }
    [JsonPropertyName("fsType")] public string? FsType { get; set; }

    /// <summary><c>linear</c> (default) | <c>striping</c>.</summary>
    [JsonPropertyName("lvmType")] public string? LvmType { get; set; }
    [JsonPropertyName("source")] public LocalVolumeSource? Source { get; set; }
    [JsonPropertyName("ephemeral")] public EphemeralOwner? Ephemeral { get; set; }
    [JsonPropertyName("claim")] public ClaimReference? Claim { get; set; }

    /// <summary><c>Mount</c> (default) | <c>Block</c> (ADR-0020).</summary>
    [JsonPropertyName("accessType")] public string? AccessType { get; set; }

    /// <summary>IO limits applied at publish (throttling.md); absent = unlimited (ADR-0020).</summary>
    [JsonPropertyName("throttle")] public VolumeThrottle? Throttle { get; set; }

    /// <summary>The CSI volume context returned by CreateVolume, kept so a retried CreateVolume returns the same (ADR-0020).</summary>
    [JsonPropertyName("parameters")] public IDictionary<string, string>? Parameters { get; set; }
}

public sealed class VolumeThrottle
{
    [JsonPropertyName("readBytesPerSecond")] public long ReadBytesPerSecond { get; set; }
    [JsonPropertyName("writeBytesPerSecond")] public long WriteBytesPerSecond { get; set; }
    [JsonPropertyName("readIops")] public long ReadIops { get; set; }
    [JsonPropertyName("writeIops")] public long WriteIops { get; set; }
}

public sealed class LocalVolumeSource
{
    [JsonPropertyName("snapshotId")] public string SnapshotId { get; set; } = "";

    /// <summary><c>ReadOnly</c> (mount the snapshot LV read-only) | <c>Copy</c> (new LV with the snapshot's data).</summary>
    [JsonPropertyName("mode")] public string Mode { get; set; } = "";
}

public sealed class EphemeralOwner
{
    [JsonPropertyName("podUid")] public string PodUid { get; set; } = "";
    [JsonPropertyName("podNamespace")] public string PodNamespace { get; set; } = "";
    [JsonPropertyName("podName")] public string PodName { get; set; } = "";
}

public sealed class ClaimReference
{
    [JsonPropertyName("namespace")] public string Namespace { get; set; } = "";
    [JsonPropertyName("name")] public string Name { get; set; } = "";
}

public sealed class LocalVolumeStatus : IObservedStatus
{
    /// <summary><c>Pending</c> | <c>Ready</c> | <c>Failed</c> | <c>Deleting</c>.</summary>
    [JsonPropertyName("phase")] public string? Phase { get; set; }
    [JsonPropertyName("capacityBytes")] public long? CapacityBytes { get; set; }
    [JsonPropertyName("devicePath")] public string? DevicePath { get; set; }

    /// <summary>gRPC status code name of the last failure (<c>ResourceExhausted</c>, <c>Internal</c>, ...).</summary>
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; set; }
}
