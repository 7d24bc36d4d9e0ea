using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace OpenLocal.Infrastructure.Kubernetes.Resources;

/// <summary>
/// open-local's per-node storage resource (spec/crds.md §1). A drop-in contract: every JSON name here is
/// exactly open-local's, including the lower-case <c>mountpoints</c> and <c>vgname</c> keys.
/// </summary>
[KubernetesEntity(Group = CsiAliyunGroup.Name, ApiVersion = CsiAliyunGroup.Version, Kind = KubeKind, PluralName = Plural)]
public sealed class NodeLocalStorage : IKubernetesObject<V1ObjectMeta>, ISpec<NodeLocalStorageSpec>, IStatus<NodeLocalStorageStatus>
{
    public const string KubeKind = "NodeLocalStorage";
    public const string Plural = "nodelocalstorages";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = CsiAliyunGroup.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = KubeKind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public NodeLocalStorageSpec Spec { get; set; } = new();
    [JsonPropertyName("status")] public NodeLocalStorageStatus Status { get; set; } = new();
}

public sealed class NodeLocalStorageSpec
{
    [JsonPropertyName("nodeName")] public string? NodeName { get; set; }
    [JsonPropertyName("spdkConfig")] public SpdkConfig? SpdkConfig { get; set; }
    [JsonPropertyName("listConfig")] public ListConfig? ListConfig { get; set; }
    [JsonPropertyName("resourceToBeInited")] public ResourceToBeInited? ResourceToBeInited { get; set; }
}

/// <summary>SPDK settings: preserved and round-tripped, never acted on (spec/crds.md §1.2 "SPDK").</summary>
public sealed class SpdkConfig
{
    [JsonPropertyName("deviceType")] public string? DeviceType { get; set; }
    [JsonPropertyName("rpcSocket")] public string? RpcSocket { get; set; }
}

/// <summary>Regex include/exclude lists selecting the schedulable VGs, mount points and devices (spec/crds.md §1.4).</summary>
public sealed class ListConfig
{
    [JsonPropertyName("vgs")] public NameFilterConfig? Vgs { get; set; }
    [JsonPropertyName("mountPoints")] public NameFilterConfig? MountPoints { get; set; }
    [JsonPropertyName("devices")] public NameFilterConfig? Devices { get; set; }
}

public sealed class NameFilterConfig
{
    [JsonPropertyName("include")] public IList<string>? Include { get; set; }
    [JsonPropertyName("exclude")] public IList<string>? Exclude { get; set; }
}

public sealed class ResourceToBeInited
{
    [JsonPropertyName("vgs")] public IList<VolumeGroupToInit>? Vgs { get; set; }

    // Lower-case "p": open-local's json tag (spec/crds.md §1.2), unlike listConfig.mountPoints.
    [JsonPropertyName("mountpoints")] public IList<MountPointToInit>? MountPoints { get; set; }
}

public sealed class VolumeGroupToInit
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("devices")] public IList<string> Devices { get; set; } = [];
}

public sealed class MountPointToInit
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("device")] public string Device { get; set; } = "";
    [JsonPropertyName("fsType")] public string? FsType { get; set; }
    [JsonPropertyName("options")] public IList<string>? Options { get; set; }
}

public sealed class NodeLocalStorageStatus
{
    [JsonPropertyName("nodeStorageInfo")] public NodeStorageInfo? NodeStorageInfo { get; set; }
    [JsonPropertyName("filteredStorageInfo")] public FilteredStorageInfo? FilteredStorageInfo { get; set; }
}

public sealed class NodeStorageInfo
{
    [JsonPropertyName("deviceInfo")] public IList<DeviceInfo>? DeviceInfo { get; set; }
    [JsonPropertyName("volumeGroups")] public IList<VolumeGroupInfo>? VolumeGroups { get; set; }
    [JsonPropertyName("mountPoints")] public IList<MountPointInfo>? MountPoints { get; set; }
    [JsonPropertyName("phase")] public string? Phase { get; set; }
    [JsonPropertyName("state")] public StorageState? State { get; set; }
}

public sealed class DeviceInfo
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("mediaType")] public string? MediaType { get; set; }
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("readOnly")] public bool ReadOnly { get; set; }
    [JsonPropertyName("condition")] public string? Condition { get; set; }
}

public sealed class VolumeGroupInfo
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("physicalVolumes")] public IList<string> PhysicalVolumes { get; set; } = [];
    [JsonPropertyName("logicalVolumes")] public IList<LogicalVolumeInfo>? LogicalVolumes { get; set; }
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("available")] public long Available { get; set; }
    [JsonPropertyName("allocatable")] public long Allocatable { get; set; }
    [JsonPropertyName("condition")] public string? Condition { get; set; }
}

public sealed class LogicalVolumeInfo
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    // Lower-case "vgname": open-local's json tag (spec/crds.md §1.3).
    [JsonPropertyName("vgname")] public string VgName { get; set; } = "";
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("readOnly")] public bool? ReadOnly { get; set; }
    [JsonPropertyName("condition")] public string? Condition { get; set; }
}

public sealed class MountPointInfo
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("total")] public long Total { get; set; }
    [JsonPropertyName("available")] public long Available { get; set; }
    [JsonPropertyName("fsType")] public string? FsType { get; set; }
    [JsonPropertyName("isBind")] public bool IsBind { get; set; }
    [JsonPropertyName("options")] public IList<string>? Options { get; set; }
    [JsonPropertyName("device")] public string? Device { get; set; }
    [JsonPropertyName("readOnly")] public bool ReadOnly { get; set; }
    [JsonPropertyName("condition")] public string? Condition { get; set; }
}

public sealed class StorageState
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("lastHeartbeatTime")] public DateTime? LastHeartbeatTime { get; set; }
    [JsonPropertyName("lastTransitionTime")] public DateTime? LastTransitionTime { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

public sealed class FilteredStorageInfo
{
    [JsonPropertyName("volumeGroups")] public IList<string>? VolumeGroups { get; set; }
    [JsonPropertyName("mountPoints")] public IList<string>? MountPoints { get; set; }
    [JsonPropertyName("devices")] public IList<string>? Devices { get; set; }
    [JsonPropertyName("updateStatusInfo")] public UpdateStatusInfo? UpdateStatusInfo { get; set; }
}

public sealed class UpdateStatusInfo
{
    [JsonPropertyName("lastUpdateTime")] public DateTime? LastUpdateTime { get; set; }
    [JsonPropertyName("updateStatus")] public string? UpdateStatus { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
}
