namespace OpenLocal.Domain.Discovery;

/// <summary>
/// Which LVs are ours (node-agent.md §3.2): tagged with our cluster, named with the <c>--lvname</c>
/// prefix or <c>csi-</c> (inline ephemeral), or a snapshot named with <c>SNAPSHOT_PREFIX</c>.
/// Every other LV is foreign and reduces the VG's allocatable space.
/// </summary>
public sealed record LogicalVolumeOwnership(string LvNamePrefix, string SnapshotPrefix, string? ClusterId)
{
    public const string ClusterTagKey = "openlocal.cluster";
    public const string InlinePrefix = "csi-";

    public static LogicalVolumeOwnership Default { get; } = new("local", "snap", null);

    public bool IsOurs(string name, IEnumerable<string> tags, string? origin)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tags);
        if (!string.IsNullOrEmpty(ClusterId) && tags.Contains($"{ClusterTagKey}={ClusterId}", StringComparer.Ordinal))
            return true;
        if (name.StartsWith(LvNamePrefix, StringComparison.Ordinal) || name.StartsWith(InlinePrefix, StringComparison.Ordinal))
            return true;
        return !string.IsNullOrEmpty(origin) && name.StartsWith(SnapshotPrefix, StringComparison.Ordinal);
    }
}
