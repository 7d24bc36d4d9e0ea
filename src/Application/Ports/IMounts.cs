namespace OpenLocal.Application.Ports;

/// <summary>One line of /proc/self/mountinfo that matters to us.</summary>
public sealed record MountInfo(string Source, string Target, string FsType, IReadOnlyList<string> Options, bool IsBind, string Root);

/// <summary>What a publish target must be: a directory for filesystems, a file for block bind mounts.</summary>
public enum TargetKind
{
    Directory,
    File,
}

/// <summary>
/// What <see cref="IMounts.UnmountAndRemoveAsync"/> may delete once nothing is mounted on a target
/// (issue 19): only what the node plugin creates at publish, never a file it cannot tell is its own.
/// </summary>
public enum TargetRemoval
{
    /// <summary>An empty directory (a leftover mount point); anything else is left and refused.</summary>
    EmptyDirectory,

    /// <summary>Also an empty regular file: the bind target of a block publish.</summary>
    EmptyDirectoryOrBlockFile,
}

/// <summary>Mounts and publish targets on the node.</summary>
public interface IMounts
{
    /// <summary>The mount whose target is exactly <paramref name="target"/> (topmost if stacked), or null.</summary>
    Task<MountInfo?> FindAsync(string target, CancellationToken cancellationToken);

    /// <summary>Every mount whose target lies directly under <paramref name="root"/>.</summary>
    Task<IReadOnlyList<MountInfo>> ListUnderAsync(string root, CancellationToken cancellationToken);

    /// <summary>Creates the target (mode 0750 directory, or an empty file replacing an empty directory).</summary>
    Task PrepareTargetAsync(string target, TargetKind kind, CancellationToken cancellationToken);

    Task MountAsync(string source, string target, string fsType, IReadOnlyList<string> options, CancellationToken cancellationToken);

    /// <summary>Bind-mounts a directory or device node; read-only binds are remounted ro as the kernel requires.</summary>
    Task BindAsync(string source, string target, bool readOnly, IReadOnlyList<string> options, CancellationToken cancellationToken);

    /// <summary>
    /// Unmounts every mount stacked on the target, then removes it as far as <paramref name="removal"/>
    /// allows (anything else there ⇒ FailedPrecondition, nothing deleted); an absent target is success.
    /// </summary>
    Task UnmountAndRemoveAsync(string target, TargetRemoval removal, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="path"/> with the symlinks of its longest existing prefix resolved (the rest
    /// appended as written), so the node path rule judges where an operation really lands; null
    /// when it cannot be resolved (a link loop, no permission).
    /// </summary>
    string? ResolveLinks(string path);
}
