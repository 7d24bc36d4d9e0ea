using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>
/// Which LocalVolume/LocalSnapshot objects a process caches and which half of them it writes (ADR-0054):
/// the CSI controller sees every node's objects and writes spec (create, expansion); a node plugin sees only
/// its node's objects (server-side label selector, crds.md §5) and writes status. Keeping each writer to its
/// half means a stale cache can never roll back the other half (e.g. a node reverting an expansion).
/// </summary>
public sealed record RecordScope(string? NodeName, bool WritesSpec, bool WritesStatus)
{
    /// <summary>Everything, both halves: tests and tools.</summary>
    public static RecordScope Everything { get; } = new(null, true, true);

    /// <summary>The CSI controller: every node, spec only (status is the node's).</summary>
    public static RecordScope Controller { get; } = new(null, true, false);

    /// <summary>A node plugin: the objects labelled with its node, status only (objects it creates itself carry spec).</summary>
    public static RecordScope Node(string nodeName) => new(nodeName, false, true);

    /// <summary><c>csi.aliyun.com/node=&lt;label value&gt;</c> for a node, else null (all objects).</summary>
    public string? LabelSelector => NodeName is null ? null : $"{LocalVolume.NodeLabel}={ResourceNames.NodeLabelValue(NodeName)}";

    /// <summary>True when an object carrying <paramref name="labels"/> belongs to this scope.</summary>
    public bool Contains(IDictionary<string, string>? labels) =>
        NodeName is null || (labels is not null && labels.TryGetValue(LocalVolume.NodeLabel, out var value) && value == ResourceNames.NodeLabelValue(NodeName));
}
