using System.Text;

namespace OpenLocal.Domain.Volumes;

/// <summary>
/// kubelet's root directory (<c>--kubelet-dir</c>) and the one rule for every path a node RPC names
/// (target, staging and volume paths; issue 19, ADR 0048): the node plugin runs as root, so it only
/// touches paths strictly below <c>&lt;kubelet&gt;/pods/</c> or <c>&lt;kubelet&gt;/plugins/kubernetes.io/</c>
/// (where kubelet puts every CSI staging and block publish path; <c>plugins/&lt;driver&gt;/</c> holds driver
/// sockets and state, never a volume), written absolute, without <c>..</c> or NUL, within PATH_MAX — and
/// still there once symlinks are resolved.
/// </summary>
public sealed record KubeletDirectory
{
    /// <summary>PATH_MAX including the terminating NUL.</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>NAME_MAX: the longest single path element.</summary>
    public const int MaxNameBytes = 255;

    private static readonly string[][] PublishRoots = [["pods"], ["plugins", "kubernetes.io"]];

    public KubeletDirectory(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (SyntaxError(root) is { } error)
            throw new ArgumentException($"kubelet directory \"{root}\" {error}", nameof(root));
        Root = "/" + string.Join('/', Segments(root));
    }

    /// <summary>The root, normalised (no trailing slash, no empty or "." elements).</summary>
    public string Root { get; }

    /// <summary>Why <paramref name="path"/> is not a usable node path as written, or null when it is.</summary>
    public static string? SyntaxError(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0', StringComparison.Ordinal))
            return "contains a NUL character";
        if (Encoding.UTF8.GetByteCount(path) >= MaxPathBytes)
            return $"is longer than {MaxPathBytes - 1} bytes";
        if (!path.StartsWith('/'))
            return "is not an absolute path";
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
                return "contains a \"..\" element";
            if (Encoding.UTF8.GetByteCount(segment) > MaxNameBytes)
                return $"has an element longer than {MaxNameBytes} bytes";
        }
        return null;
    }

    /// <summary>
    /// Why <paramref name="path"/> is not a node path of this kubelet, or null when it is: syntax first,
    /// then it must lie strictly below pods/ or plugins/kubernetes.io/ both as written and as <paramref name="resolved"/>
    /// (symlinks of its existing prefix resolved) against <paramref name="resolvedRoot"/> (the root resolved).
    /// </summary>
    public string? PlacementError(string path, string resolved, string resolvedRoot)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(resolvedRoot);
        if (SyntaxError(path) is { } error)
            return error;
        if (!IsBelowPublishRoot(Root, path))
            return $"is outside {Root}/pods/ and {Root}/plugins/kubernetes.io/";
        if (SyntaxError(resolved) is not null || SyntaxError(resolvedRoot) is not null || !IsBelowPublishRoot(resolvedRoot, resolved))
            return $"resolves to {resolved}, outside {resolvedRoot}/pods/ and {resolvedRoot}/plugins/kubernetes.io/";
        return null;
    }

    /// <summary>
    /// True when <paramref name="path"/> is kubelet's own layout for a publish of PV
    /// <paramref name="volumeId"/> (open-local names PVs by volume id, csi.md §3):
    /// <c>pods/&lt;uid&gt;/volumes/kubernetes.io~csi/&lt;pv&gt;/mount</c> or
    /// <c>plugins/kubernetes.io/csi/volumeDevices/publish/&lt;pv&gt;/&lt;uid&gt;</c>.
    /// </summary>
    public bool IsPublishTargetOf(string path, string volumeId)
    {
        ArgumentNullException.ThrowIfNull(path);
        var root = Segments(Root);
        var parts = Segments(path);
        if (parts.Length <= root.Length || !parts.AsSpan(0, root.Length).SequenceEqual(root))
            return false;
        var rest = parts[root.Length..];
        return rest is ["pods", _, "volumes", "kubernetes.io~csi", var pv, "mount"] && pv == volumeId
            || rest is ["plugins", "kubernetes.io", "csi", "volumeDevices", "publish", var device, _] && device == volumeId;
    }

    private static bool IsBelowPublishRoot(string root, string path)
    {
        var rootParts = Segments(root);
        var parts = Segments(path);
        if (!parts.AsSpan().StartsWith(rootParts))
            return false;
        var rest = parts.AsSpan(rootParts.Length);
        foreach (var publishRoot in PublishRoots)
        {
            if (rest.Length > publishRoot.Length && rest.StartsWith(publishRoot))
                return true;
        }
        return false;
    }

    private static string[] Segments(string path) =>
        [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".")];
}
