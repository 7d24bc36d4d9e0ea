namespace OpenLocal.Infrastructure.Commands;

/// <summary>How the node runs external commands.</summary>
public sealed record ProcessCommandRunnerOptions
{
    /// <summary>
    /// argv prepended to every command, e.g. <c>["nsenter", "--mount=/proc/1/ns/mnt", "--"]</c> when the
    /// plugin runs in a container but lvm2, mkfs and mount must act in the host's mount namespace.
    /// Empty: commands run in the process' own namespaces.
    /// </summary>
    public IReadOnlyList<string> HostNamespacePrefix { get; init; } = [];

    /// <summary>The prefix a containerised node plugin uses to reach the host (node-agent.md, deploy.md).</summary>
    public static IReadOnlyList<string> NsenterHostMount { get; } = ["nsenter", "--mount=/proc/1/ns/mnt", "--"];
}
