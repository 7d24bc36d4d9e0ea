using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace OpenLocal.Infrastructure.Kubernetes.Resources;

/// <summary>open-local's cluster-wide template from which the controller derives every NLS spec (spec/crds.md §2, §3). No status.</summary>
[KubernetesEntity(Group = CsiAliyunGroup.Name, ApiVersion = CsiAliyunGroup.Version, Kind = KubeKind, PluralName = Plural)]
public sealed class NodeLocalStorageInitConfig : IKubernetesObject<V1ObjectMeta>, ISpec<NodeLocalStorageInitConfigSpec>
{
    public const string KubeKind = "NodeLocalStorageInitConfig";
    public const string Plural = "nodelocalstorageinitconfigs";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = CsiAliyunGroup.ApiVersion;
    [JsonPropertyName("kind")] public string Kind { get; set; } = KubeKind;
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("spec")] public NodeLocalStorageInitConfigSpec Spec { get; set; } = new();
}

public sealed class NodeLocalStorageInitConfigSpec
{
    [JsonPropertyName("globalConfig")] public GlobalConfig? GlobalConfig { get; set; }
    [JsonPropertyName("nodesConfig")] public IList<NodeConfig>? NodesConfig { get; set; }
}

public sealed class GlobalConfig
{
    [JsonPropertyName("listConfig")] public ListConfig? ListConfig { get; set; }
    [JsonPropertyName("resourceToBeInited")] public ResourceToBeInited? ResourceToBeInited { get; set; }
    [JsonPropertyName("spdkConfig")] public SpdkConfig? SpdkConfig { get; set; }
}

/// <summary>One override; an absent/null selector matches nothing, <c>{}</c> matches every node (spec/crds.md §3).</summary>
public sealed class NodeConfig
{
    [JsonPropertyName("selector")] public V1LabelSelector? Selector { get; set; }
    [JsonPropertyName("listConfig")] public ListConfig? ListConfig { get; set; }
    [JsonPropertyName("resourceToBeInited")] public ResourceToBeInited? ResourceToBeInited { get; set; }
    [JsonPropertyName("spdkConfig")] public SpdkConfig? SpdkConfig { get; set; }
}
