namespace OpenLocal.Application.NodeVolumes;

/// <summary>
/// The pod that owns a publish target (throttling.md §2): the <c>pod.uid</c> context key, else the
/// UID parsed from kubelet's target path layout relative to <c>--kubelet-dir</c> — not open-local's
/// fixed path element, which only works for <c>/var/lib/kubelet</c>.
/// </summary>
public static class PodUids
{
    public static string? Find(IReadOnlyDictionary<string, string>? context, string targetPath, string kubeletDir)
    {
        if (context is not null && context.TryGetValue(NodeVolumeKeys.PodUid, out var uid) && !string.IsNullOrEmpty(uid))
            return uid;
        return FromTargetPath(targetPath, kubeletDir);
    }

    public static string? FromTargetPath(string targetPath, string kubeletDir)
    {
        ArgumentNullException.ThrowIfNull(targetPath);
        ArgumentNullException.ThrowIfNull(kubeletDir);
        var root = kubeletDir.TrimEnd('/') + "/";
        if (!targetPath.StartsWith(root, StringComparison.Ordinal))
            return null;
        var parts = targetPath[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        // <kubelet>/pods/<podUID>/volumes/kubernetes.io~csi/<name>/mount
        if (parts.Length >= 2 && parts[0] == "pods")
            return parts[1];
        // <kubelet>/plugins/kubernetes.io/csi/volumeDevices/publish/<pvName>/<podUID>
        if (parts.Length == 7 && parts[0] == "plugins" && parts[4] == "publish")
            return parts[6];
        return null;
    }
}
