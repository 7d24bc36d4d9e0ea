using System.Runtime.InteropServices;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Device.Mounts;

/// <summary>
/// Publish targets on the real filesystem (issue 19): what kind of file a path names without
/// following links, where it really lands, and creating or removing only what a publish makes — a
/// 0750 directory or an empty regular file. Shared by <see cref="LinuxMounts"/> and the fake mode's
/// real targets, so both delete by the same rule.
/// </summary>
public static partial class PublishTargetFiles
{
    private const int MaxLinkHops = 40; // Linux MAXSYMLINKS
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>What a path names, by lstat: a link is a link, never what it points to.</summary>
    public static FileKind KindOf(string path)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            return FileKind.Absent;
        // struct statx: stx_mode is the u16 at offset 28 on every architecture.
        return (BitConverter.ToUInt16(buffer, 28) & 0xF000) switch
        {
            0x4000 => FileKind.Directory,
            0x8000 => FileKind.RegularFile,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Special,
        };
    }

    /// <summary>The path with every symlink of its existing prefix resolved; null on a loop or an unreadable link.</summary>
    public static string? ResolveLinks(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var pending = new LinkedList<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = "/";
        var hops = 0;
        try
        {
            while (pending.First is { } first)
            {
                var segment = first.Value;
                pending.RemoveFirst();
                if (segment == ".")
                    continue;
                if (segment == "..")
                {
                    current = Path.GetDirectoryName(current) ?? "/";
                    continue;
                }
                var candidate = current == "/" ? "/" + segment : current + "/" + segment;
                switch (KindOf(candidate))
                {
                    case FileKind.Absent:
                        // Nothing more exists below: the rest lands where it is written.
                        return string.Join('/', [candidate, .. pending]);
                    case FileKind.SymbolicLink:
                        if (++hops > MaxLinkHops)
                            return null;
                        var link = new FileInfo(candidate).LinkTarget;
                        if (link is null)
                            return null;
                        if (link.StartsWith('/'))
                            current = "/";
                        foreach (var part in link.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                            pending.AddFirst(part);
                        break;
                    default:
                        current = candidate;
                        break;
                }
            }
            return current;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>csi.md §6.3: a directory for filesystem access, an empty regular file for block access; nothing else is reused.</summary>
    public static void Prepare(string path, TargetKind kind)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("publish targets exist on Linux nodes only");
        var existing = KindOf(path);
        if (existing is FileKind.SymbolicLink or FileKind.Special)
            throw StorageException.FailedPrecondition($"publish target {path} is a {Describe(existing)}, not a directory or file this plugin can publish onto");
        if (kind == TargetKind.Directory)
        {
            if (existing == FileKind.RegularFile)
                throw StorageException.FailedPrecondition($"publish target {path} is a file, a filesystem volume needs a directory");
            Directory.CreateDirectory(path, DirectoryMode);
            return;
        }

        // Block access publishes onto a file; kubelet (or an earlier attempt) may have left an empty directory there.
        if (existing == FileKind.Directory)
        {
            if (Directory.EnumerateFileSystemEntries(path).Any())
                throw StorageException.FailedPrecondition($"publish target {path} is a non-empty directory, a block volume needs a file");
            Directory.Delete(path);
        }
        else if (existing == FileKind.RegularFile)
        {
            if (new FileInfo(path).Length > 0)
                throw StorageException.FailedPrecondition($"publish target {path} is a file holding data, not an empty block publish target; not using it");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var created = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
    }

    /// <summary>Removes an unmounted target as far as <paramref name="removal"/> allows; anything else ⇒ FailedPrecondition, untouched.</summary>
    public static void Remove(string path, TargetRemoval removal)
    {
        switch (KindOf(path))
        {
            case FileKind.Absent:
                return;
            case FileKind.Directory:
                // Never recursive: files left in an unmounted target are someone's data, not ours to delete.
                if (Directory.EnumerateFileSystemEntries(path).Any())
                    throw StorageException.FailedPrecondition($"{path} is not mounted but still holds files; not removing it");
                Directory.Delete(path);
                return;
            case FileKind.RegularFile when removal == TargetRemoval.EmptyDirectoryOrBlockFile && new FileInfo(path).Length == 0:
                File.Delete(path);
                return;
            case FileKind.RegularFile:
                throw StorageException.FailedPrecondition($"{path} is a file this plugin did not create for a publish of this volume; not removing it");
            case var other:
                throw StorageException.FailedPrecondition($"{path} is a {Describe(other)}, not a publish target this plugin created; not removing it");
        }
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.SymbolicLink => "symbolic link",
        FileKind.Special => "socket, pipe or device node",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, [Out] byte[] buffer);
}
