using OpenLocal.Application.Ports;

namespace OpenLocal.Cli.Commands.Csi;

/// <summary>
/// Fake mode only (ADR 0013): the in-memory mount table decides what is mounted, but publish
/// targets are also created and removed on the real filesystem, so that kubelet-like callers and
/// CSI conformance suites that look at the target path see what they expect.
/// </summary>
public sealed class RealTargetMounts(IMounts inner) : IMounts
{
    private const UnixFileMode TargetMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    public Task<MountInfo?> FindAsync(string target, CancellationToken cancellationToken) => inner.FindAsync(target, cancellationToken);

    public Task<IReadOnlyList<MountInfo>> ListUnderAsync(string root, CancellationToken cancellationToken) => inner.ListUnderAsync(root, cancellationToken);

    public async Task PrepareTargetAsync(string target, TargetKind kind, CancellationToken cancellationToken)
    {
        await inner.PrepareTargetAsync(target, kind, cancellationToken);
        if (kind == TargetKind.Directory)
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(target);
            else
                Directory.CreateDirectory(target, TargetMode);
            return;
        }
        // Block access: an empty regular file, replacing an empty directory (csi.md §6.3).
        if (Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(target).Any())
            Directory.Delete(target);
        var parent = Path.GetDirectoryName(target);
        if (!string.IsNullOrEmpty(parent))
            Directory.CreateDirectory(parent);
        if (!File.Exists(target))
            await File.WriteAllBytesAsync(target, [], cancellationToken);
    }

    public Task MountAsync(string source, string target, string fsType, IReadOnlyList<string> options, CancellationToken cancellationToken) =>
        inner.MountAsync(source, target, fsType, options, cancellationToken);

    public Task BindAsync(string source, string target, bool readOnly, IReadOnlyList<string> options, CancellationToken cancellationToken) =>
        inner.BindAsync(source, target, readOnly, options, cancellationToken);

    public async Task UnmountAndRemoveAsync(string target, CancellationToken cancellationToken)
    {
        await inner.UnmountAndRemoveAsync(target, cancellationToken);
        if (File.Exists(target))
            File.Delete(target);
        else if (Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(target).Any())
            Directory.Delete(target);
    }
}
