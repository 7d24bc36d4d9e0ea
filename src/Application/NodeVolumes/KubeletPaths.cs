using OpenLocal.Application.Ports;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes;

/// <summary>
/// The node path rule of <see cref="KubeletDirectory"/> applied to this node's kubelet directory and
/// real filesystem (issue 19, ADR 0048): every target, staging and volume path of a node RPC is
/// judged here, by the request validators, before any handler touches it.
/// </summary>
public sealed class KubeletPaths(NodePublishOptions options, IMounts? mounts)
{
    /// <summary>The rule for a host that registered no node: the default kubelet directory, paths as written.</summary>
    public static KubeletPaths Unresolved { get; } = new(new NodePublishOptions(), null);

    // A relative --kubelet-dir means the directory it names from where the plugin started.
    public KubeletDirectory Directory { get; } = new(Path.GetFullPath(options.KubeletDir));

    /// <summary>Why <paramref name="path"/> must not be used, or null when it may.</summary>
    public string? Refusal(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (KubeletDirectory.SyntaxError(path) is { } syntax)
            return syntax;
        // Without a node (a host that composes no node use cases) the rule is judged as written.
        var resolved = mounts is null ? path : mounts.ResolveLinks(path);
        if (resolved is null)
            return "cannot be resolved (a symbolic link loop or an unreadable link)";
        var root = mounts?.ResolveLinks(Directory.Root) ?? Directory.Root;
        return Directory.PlacementError(path, resolved, root);
    }
}
