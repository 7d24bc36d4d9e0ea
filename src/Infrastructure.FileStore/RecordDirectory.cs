using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>
/// A directory of small records, one file per id. Writes are atomic and durable: the bytes go to a
/// temp file in the same directory, are fsync'ed, renamed over the target, and the directory is
/// fsync'ed so the rename survives a crash (ADR 0012). A file is named by the base64url of the id's
/// UTF-8 bytes, so the id of a damaged file can still be read from its name (ADR 0049); an id too
/// long for that (more than 150 bytes; NAME_MAX is 255) is named by its SHA-256 instead, and the
/// record inside says which id it holds (issue 19: a long id must never reach the file system as an
/// over-long name).
/// </summary>
internal sealed partial class RecordDirectory
{
    private const string Extension = ".json";
    private const string HashedExtension = ".sha256" + Extension;
    private const string TempPrefix = ".tmp-";
    private const string DamagedMarker = ".damaged-";

    // 150 bytes encode to 200 characters; with ".json" and ".damaged-<timestamp>" still under 255.
    // Every id up to LocalVolume.MaxIdBytes (128) keeps the readable name of ADR 0012.
    private const int MaxReadableName = 200;

    // Moved-aside copies by the record file name they came from, oldest first. Only this process moves
    // files aside (one plugin per state directory, ADR-0052), so one scan at start keeps every lookup a
    // dictionary hit instead of a directory listing; an operator removing a copy is seen by File.Exists.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _damaged = new(StringComparer.Ordinal);

    public RecordDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        // Temp files left behind by a crash between write and rename are garbage.
        foreach (var stale in Directory.EnumerateFiles(path, TempPrefix + "*"))
            File.Delete(stale);
        foreach (var damaged in Directory.EnumerateFiles(path, "*" + Extension + DamagedMarker + "*").Order(StringComparer.Ordinal))
            _damaged.TryAdd(OriginalName(damaged), damaged);
    }

    public string Path { get; }

    /// <summary>The record file an id is stored in.</summary>
    public string PathOf(string id) => System.IO.Path.Combine(Path, FileNameOf(id));

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

    /// <summary>Every record file with its content; files deleted while listing are left out.</summary>
    public async Task<IReadOnlyList<(string File, byte[] Content)>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var result = new List<(string, byte[])>();
        foreach (var file in Directory.EnumerateFiles(Path, "*" + Extension))
        {
            if (System.IO.Path.GetFileName(file).StartsWith(TempPrefix, StringComparison.Ordinal))
                continue;
            try
            {
                result.Add((file, await File.ReadAllBytesAsync(file, cancellationToken)));
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
        var temp = System.IO.Path.Combine(Path, TempPrefix + Guid.NewGuid().ToString("N") + Extension);
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

    /// <summary>Renames a record file to <c>&lt;name&gt;.damaged-&lt;UTC time&gt;</c>, out of every listing; returns the new path.</summary>
    public string MoveAside(string file, DateTimeOffset now)
    {
        var target = file + DamagedMarker + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        File.Move(file, target, overwrite: false);
        SyncDirectory();
        _damaged.TryAdd(OriginalName(target), target);
        return target;
    }

    /// <summary>A moved-aside copy of the record of <paramref name="id"/>, if any (the oldest).</summary>
    public string? FindDamaged(string id) => FindDamagedNamed(FileNameOf(id));

    /// <summary>
    /// How many records have a moved-aside copy now: the remembered copies, each checked with
    /// <c>File.Exists</c> (an operator's removal counts at once), without listing the directory.
    /// </summary>
    public int CountDamaged() => _damaged.Keys.Count(name => FindDamagedNamed(name) is not null);

    private string? FindDamagedNamed(string name)
    {
        if (!_damaged.TryGetValue(name, out var copy))
            return null;
        if (File.Exists(copy))
            return copy;
        // The operator removed it: any younger copy of the same record still counts.
        var younger = Directory.EnumerateFiles(Path, name + DamagedMarker + "*").Order(StringComparer.Ordinal).FirstOrDefault();
        if (younger is null)
            _damaged.TryRemove(new KeyValuePair<string, string>(name, copy));
        else
            _damaged[name] = younger;
        return younger;
    }

    /// <summary>Every moved-aside record file.</summary>
    public IReadOnlyList<string> ListDamaged() =>
        [.. Directory.EnumerateFiles(Path, "*" + Extension + DamagedMarker + "*").Order(StringComparer.Ordinal)];

    private static string OriginalName(string damaged)
    {
        var name = System.IO.Path.GetFileName(damaged);
        return name[..name.IndexOf(DamagedMarker, StringComparison.Ordinal)];
    }

    /// <summary>The id a record file (or its moved-aside copy) is named after; null for hashed names.</summary>
    public static string? IdOf(string file)
    {
        var name = System.IO.Path.GetFileName(file);
        var marker = name.IndexOf(DamagedMarker, StringComparison.Ordinal);
        if (marker >= 0)
            name = name[..marker];
        if (name.EndsWith(HashedExtension, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal))
            return null;
        var encoded = name[..^Extension.Length].Replace('-', '+').Replace('_', '/');
        var padded = encoded.PadRight(encoded.Length + ((4 - (encoded.Length % 4)) % 4), '=');
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(padded));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static string FileNameOf(string id)
    {
        var bytes = Encoding.UTF8.GetBytes(id);
        var readable = Base64Url(bytes);
        return readable.Length <= MaxReadableName ? readable + Extension : Base64Url(SHA256.HashData(bytes)) + HashedExtension;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void SyncDirectory()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var fd = Open(Path, ReadOnlyDirectory);
        if (fd < 0)
            throw new IOException($"cannot open {Path} to sync it: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (Fsync(fd) != 0)
                throw new IOException($"fsync of {Path} failed: errno {Marshal.GetLastPInvokeError()}");
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
