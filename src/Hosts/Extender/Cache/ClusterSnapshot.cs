using System.Collections.Immutable;
using OpenLocal.Domain.Scheduling;

namespace OpenLocal.Hosts.Extender.Cache;

/// <summary>
/// Everything a request reads, immutable (extender.md §6.1): handlers read the reference once and
/// use that one snapshot for the whole request, so they need no lock and never see half an update.
/// </summary>
public sealed record ClusterSnapshot
{
    public static ClusterSnapshot Empty { get; } = new();

    /// <summary>False until every watch has delivered its initial list; until then every node fails (§3.2).</summary>
    public bool IsReady { get; init; }

    public NodeTable Nodes { get; init; } = NodeTable.Empty;
    public ImmutableDictionary<string, ClaimFact> Claims { get; init; } = ImmutableDictionary.Create<string, ClaimFact>(StringComparer.Ordinal);
    public ImmutableDictionary<string, StorageClassFact> StorageClasses { get; init; } = ImmutableDictionary.Create<string, StorageClassFact>(StringComparer.Ordinal);
    public ImmutableDictionary<string, VolumeSnapshotFact> VolumeSnapshots { get; init; } = ImmutableDictionary.Create<string, VolumeSnapshotFact>(StringComparer.Ordinal);
    public ImmutableDictionary<string, VolumeSnapshotContentFact> SnapshotContents { get; init; } = ImmutableDictionary.Create<string, VolumeSnapshotContentFact>(StringComparer.Ordinal);
    public ImmutableDictionary<string, LocalSnapshotFact> LocalSnapshots { get; init; } = ImmutableDictionary.Create<string, LocalSnapshotFact>(StringComparer.Ordinal);

    /// <summary>Bound PVs of our driver by name, for <c>local_local_pv</c>.</summary>
    public ImmutableDictionary<string, PersistentVolumeFact> PersistentVolumes { get; init; } = ImmutableDictionary.Create<string, PersistentVolumeFact>(StringComparer.Ordinal);

    public NodeSnapshot? FindNode(string name) => Nodes.Find(name);

    /// <summary>The node named by UTF-8 bytes from a request (no string allocated).</summary>
    public NodeSnapshot? FindNode(ReadOnlySpan<byte> utf8Name) => Nodes.Find(utf8Name);
}
