using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLocal.Hosts.Extender.Wire;

// k8s.io/kube-scheduler/extender/v1 (extender.md §3). The Go structs have no JSON tags, so the
// wire names are the Go field names; decoding is case-insensitive like Go's. Only the parts of
// the pod the extender reads are modelled; everything else is skipped by the reader.

/// <summary>
/// Request of both verbs: the pod and the candidate nodes, as names or as full objects.
/// Dispose returns the pooled name buffers once the answer is written.
/// </summary>
public sealed class ExtenderArgs : IDisposable
{
    private NodeNameList? _namesOfNodes;

    public PodWire? Pod { get; set; }
    public NodeListWire? Nodes { get; set; }
    public NodeNameList? NodeNames { get; set; }

    /// <summary>
    /// The candidates' names in request order, whichever shape the request has: <see cref="NodeNames"/>
    /// (nodeCacheCapable) or the names of the <see cref="Nodes"/> objects (E2).
    /// </summary>
    [JsonIgnore]
    public NodeNameList Candidates => NodeNames ?? (_namesOfNodes ??= NamesOf(Nodes));

    /// <summary>
    /// Reads the names of the <see cref="Nodes"/> objects at decode time, so that an item that is not a
    /// Node with a <c>metadata.name</c> (e.g. <c>[1,"x",{}]</c>) is a <see cref="JsonException"/> → 400
    /// rather than a candidate named "" (issue 19 item 7).
    /// </summary>
    public void ResolveCandidates() => _ = Candidates;

    /// <summary>The candidates' names stay readable after Dispose and go to the GC (ADR-0046).</summary>
    internal void Abandon() => Candidates.Abandon();

    public void Dispose()
    {
        NodeNames?.Dispose();
        _namesOfNodes?.Dispose();
    }

    private static NodeNameList NamesOf(NodeListWire? nodes)
    {
        var items = nodes?.Items;
        var names = new NodeNameList(items?.Count ?? 0);
        if (items is null)
            return names;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var name = item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
                && meta.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : "";
            if (name.Length == 0)
            {
                names.Dispose();
                throw new JsonException($"Nodes.items[{i}] is not a Node object with a non-empty metadata.name (found {item.ValueKind})");
            }
            names.Add(name);
        }
        return names;
    }
}

public sealed class PodWire
{
    [JsonPropertyName("metadata")]
    public ObjectMetaWire? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public PodSpecWire? Spec { get; set; }
}

public sealed class ObjectMetaWire
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("uid")]
    public string? Uid { get; set; }
}

public sealed class PodSpecWire
{
    [JsonPropertyName("volumes")]
    public List<VolumeWire>? Volumes { get; set; }
}

public sealed class VolumeWire
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("persistentVolumeClaim")]
    public ClaimSourceWire? PersistentVolumeClaim { get; set; }

    [JsonPropertyName("csi")]
    public CsiSourceWire? Csi { get; set; }

    /// <summary>Generic ephemeral volume; only its presence matters (the PVC is <c>&lt;pod&gt;-&lt;volume&gt;</c>).</summary>
    [JsonPropertyName("ephemeral")]
    public JsonElement? Ephemeral { get; set; }
}

public sealed class ClaimSourceWire
{
    [JsonPropertyName("claimName")]
    public string? ClaimName { get; set; }
}

public sealed class CsiSourceWire
{
    [JsonPropertyName("driver")]
    public string? Driver { get; set; }

    [JsonPropertyName("volumeAttributes")]
    public Dictionary<string, string>? VolumeAttributes { get; set; }
}

/// <summary>
/// <c>v1.NodeList</c> for <c>nodeCacheCapable: false</c>. Items are kept as raw JSON so the nodes
/// that pass are returned exactly as received.
/// </summary>
public sealed class NodeListWire
{
    [JsonPropertyName("items")]
    public List<JsonElement>? Items { get; set; }
}
