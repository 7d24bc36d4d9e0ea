using System.Net.Sockets;
using System.Runtime.InteropServices;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Csi;

/// <summary>
/// Takes a unix socket path for this process without taking it from anyone (issue 19 item 5, ADR-0052):
/// nothing there ⇒ free; a socket nobody listens on ⇒ stale, replaced; a socket that accepts a
/// connection ⇒ another live plugin, refused; anything else (a regular file, a directory, a symlink)
/// ⇒ refused and left as it is.
/// </summary>
internal static partial class UnixSocketFile
{
    /// <summary>Makes <paramref name="path"/> free for a listener, or throws FailedPrecondition saying why not.</summary>
    public static void Claim(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        var status = Stat(path);
        if (status is null)
            return;
        if (!status.Value.IsSocket)
            throw StorageException.FailedPrecondition($"{path} exists and is not a unix socket; refusing to replace it (remove it or choose another --endpoint)");
        if (IsServed(path))
            throw StorageException.FailedPrecondition($"another process is serving {path}; refusing to take over its socket (stop it or choose another --endpoint)");
        File.Delete(path);
    }

    /// <summary>Which file is at <paramref name="path"/> now (device and inode), or null when there is none.</summary>
    public static FileIdentity? Identify(string path) => Stat(path) is { IsSocket: true } s ? s.Identity : null;

    /// <summary>Removes the socket only while it is still the one this process bound: never a successor's.</summary>
    public static void ReleaseIfStill(string path, FileIdentity? ours)
    {
        if (ours is null || Identify(path) != ours)
            return;
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the next start replaces a stale socket anyway.
        }
    }

    private static bool IsServed(string path)
    {
        // Non-blocking: a unix connect is answered at once (accepted into the backlog, or refused).
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            // Bound and listening, its backlog full: someone holds it.
            return true;
        }
    }

    public readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode);

    private readonly record struct FileStatus(bool IsSocket, FileIdentity Identity);

    private static FileStatus? Stat(string path)
    {
        var buffer = default(StatxBuffer);
        if (Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, StatxType | StatxInode, ref buffer) == 0)
            return new FileStatus((buffer.Mode & FileTypeMask) == SocketFileType, new FileIdentity(buffer.DeviceMajor, buffer.DeviceMinor, buffer.Inode));
        var errno = Marshal.GetLastPInvokeError();
        if (errno is NoSuchEntry)
            return null;
        throw StorageException.FailedPrecondition($"cannot inspect {path}: errno {errno}");
    }

    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxInode = 0x100;
    private const int FileTypeMask = 0xF000;
    private const int SocketFileType = 0xC000;
    private const int NoSuchEntry = 2;

    // struct statx (linux/stat.h): the same layout on every architecture, unlike struct stat.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref StatxBuffer buffer);
}
