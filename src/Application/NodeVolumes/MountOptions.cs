namespace OpenLocal.Application.NodeVolumes;

/// <summary>csi.md §6.4 rule 4: ro|rw, then the capability's flags, then nouuid for xfs; no duplicates.</summary>
public static class MountOptions
{
    public static IReadOnlyList<string> For(string fsType, bool readOnly, IReadOnlyList<string> mountFlags)
    {
        ArgumentNullException.ThrowIfNull(mountFlags);
        var options = new List<string>(mountFlags.Count + 2) { readOnly ? "ro" : "rw" };
        foreach (var flag in mountFlags)
        {
            // A caller's "rw" must not undo a read-only publish.
            if (readOnly && flag == "rw")
                continue;
            if (!options.Contains(flag, StringComparer.Ordinal))
                options.Add(flag);
        }
        if (fsType == "xfs" && !options.Contains("nouuid", StringComparer.Ordinal))
            options.Add("nouuid");
        return options;
    }
}
