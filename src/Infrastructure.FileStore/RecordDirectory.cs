using System.Runtime.InteropServices;
using System.Text;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>
/// A directory of small records, one file per id. Writes are atomic and durable: the bytes go to a
/// temp file in the same directory, are fsync'ed, renamed over the target, and the directory is
/// fsync'ed so the rename survives a crash (ADR 0012). File names are the base64url of the id's
/// UTF-8 bytes: CSI ids are arbitrary strings up to 128 bytes (csi.md §3).
/// </summary>
internal sealed partial class RecordDirectory
{
    private const string Extension = ".json";
    private const string TempPrefix = ".tmp-";
    private readonly string _path;

    public RecordDirectory(string path)
    {
        _path = path;
        Directory.CreateDirectory(path);
        // Temp files left behind by a crash between write and rename are garbage.
        foreach (var stale in Directory.EnumerateFiles(path, TempPrefix + "*"))
            File.Delete(stale);
    }

    public async Task<byte[]?> ReadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(id), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public bool Exists(string id) => File.Exists(PathOf(id));

    public async Task<IReadOnlyList<byte[]>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var result = new List<byte[]>();
        foreach (var file in Directory.EnumerateFiles(_path, "*" + Extension))
        {
            if (Path.GetFileName(file).StartsWith(TempPrefix, StringComparison.Ordinal))
                continue;
            try
            {
                result.Add(await File.ReadAllBytesAsync(file, cancellationToken));
            }
            catch (FileNotFoundException)
            {
                // Deleted between listing and reading: not part of the answer.
            }
        }
        return result;
    }

    public async Task WriteAsync(string id, byte[] content, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(_path, TempPrefix + Guid.NewGuid().ToString("N") + Extension);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, PathOf(id), overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        SyncDirectory();
    }

    public void Delete(string id)
    {
        File.Delete(PathOf(id));
        SyncDirectory();
    }

    private string PathOf(string id)
    {
        var name = Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Path.Combine(_path, name + Extension);
    }

    private void SyncDirectory()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var fd = Open(_path, ReadOnlyDirectory);
        if (fd < 0)
            throw new IOException($"cannot open {_path} to sync it: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (Fsync(fd) != 0)
                throw new IOException($"fsync of {_path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // O_RDONLY | O_DIRECTORY on Linux.
    private const int ReadOnlyDirectory = 0x10000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
