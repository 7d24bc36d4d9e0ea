using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>
/// The create/update/delete rules shared by every record kind: one file per record in a
/// <see cref="RecordDirectory"/>, existence checks and writes serialised by one lock, lists sorted by id.
/// A record file that cannot be decoded is moved aside and logged, and its id is refused with
/// FailedPrecondition until an operator removes the moved-aside copy (ADR 0049): the rest keeps
/// working, and the volume behind it is neither forgotten nor re-created over its data.
/// </summary>
internal sealed class RecordFiles<T>
    where T : class
{
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly RecordDirectory _directory;
    private readonly string _noun;
    private readonly Func<T, string> _idOf;
    private readonly Func<T, byte[]> _encode;
    private readonly Func<byte[], T> _decode;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public RecordFiles(RecordDirectory directory, string noun, Func<T, string> idOf, Func<T, byte[]> encode, Func<byte[], T> decode, ILogger logger, TimeProvider time)
    {
        _directory = directory;
        _noun = noun;
        _idOf = idOf;
        _encode = encode;
        _decode = decode;
        _logger = logger;
        _time = time;
        // Reported at every start until an operator acts on it.
        foreach (var damaged in directory.ListDamaged())
            LogDamaged(damaged, RecordDirectory.IdOf(damaged), "was moved aside earlier");
    }

    public async Task<T?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_directory.FindDamaged(id) is { } earlier)
            throw Damaged(id, earlier);
        var bytes = await _directory.ReadAsync(id, cancellationToken);
        if (bytes is null)
            return null;
        if (TryDecode(bytes, out var record, out var why) && _idOf(record) == id)
            return record;
        var moved = await MoveAsideAsync(_directory.PathOf(id), id, why ?? $"it holds {_noun} {_idOf(record!)}, not {id}", cancellationToken);
        if (moved is null)
            return await FindAsync(id, cancellationToken); // Replaced by a good write meanwhile.
        throw Damaged(id, moved);
    }

    public async Task<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await _directory.ReadAllAsync(cancellationToken);
        var records = new List<T>(all.Count);
        foreach (var (file, bytes) in all)
        {
            if (TryDecode(bytes, out var record, out var why) && IsNamedFor(file, _idOf(record)))
                records.Add(record);
            else
                await MoveAsideAsync(file, null, why ?? $"it holds {_noun} {_idOf(record!)}, which is not the id its name says", cancellationToken);
        }
        records.Sort((a, b) => string.CompareOrdinal(_idOf(a), _idOf(b)));
        return records;
    }

    /// <summary>Records of this kind moved aside and not yet removed by an operator.</summary>
    public int DamagedCount => _directory.CountDamaged();

    public Task CreateAsync(T record, CancellationToken cancellationToken) =>
        WriteAsync(record, mustExist: false, cancellationToken);

    public Task UpdateAsync(T record, CancellationToken cancellationToken) =>
        WriteAsync(record, mustExist: true, cancellationToken);

    public async Task DeleteIfExistsAsync(string id, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            _directory.Delete(id);
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task WriteAsync(T record, bool mustExist, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var id = _idOf(record);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (_directory.FindDamaged(id) is { } damaged)
                throw Damaged(id, damaged);
            var exists = _directory.Exists(id);
            if (mustExist && !exists)
                throw StorageException.NotFound($"{_noun} record {id} does not exist");
            if (!mustExist && exists)
                throw StorageException.AlreadyExists($"{_noun} record {id} already exists");
            await _directory.WriteAsync(id, _encode(record), cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    private bool TryDecode(byte[] bytes, out T record, out string? why)
    {
        try
        {
            record = _decode(bytes);
            why = null;
            return true;
        }
        // A truncated, hand-edited or foreign file: JSON errors, missing members (null ids, unknown
        // enum values) and states the domain's own transitions refuse.
        catch (Exception e) when (e is JsonException or StorageException or ArgumentException or InvalidOperationException or NullReferenceException)
        {
            record = null!;
            why = e.Message;
            return false;
        }
    }

    private static bool IsNamedFor(string file, string id) => RecordDirectory.IdOf(file) is not { } named || named == id;

    /// <returns>The moved-aside path, or null when a good record replaced the file before the lock was taken.</returns>
    private async Task<string?> MoveAsideAsync(string file, string? expectedId, string why, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            byte[] current;
            try
            {
                current = await File.ReadAllBytesAsync(file, cancellationToken);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            if (TryDecode(current, out var record, out _) && (expectedId is null ? IsNamedFor(file, _idOf(record)) : _idOf(record) == expectedId))
                return null;
            var moved = _directory.MoveAside(file, _time.GetUtcNow());
            LogDamaged(moved, RecordDirectory.IdOf(file), "could not be read (" + why + ") and was moved aside");
            return moved;
        }
        finally
        {
            _writes.Release();
        }
    }

    private void LogDamaged(string file, string? id, string what) =>
        _logger.LogError(
            "Damaged {Noun} record {File} ({Noun} {Id}) {What}; requests for this id fail with FailedPrecondition until an operator removes the file (ADR 0049)",
            _noun, file, _noun, id ?? "with a hashed name: see the file", what);

    private StorageException Damaged(string id, string file) => StorageException.FailedPrecondition(
        $"the {_noun} record of {id} is damaged and was moved aside to {file}; the {_noun} may still hold data, so it is neither "
        + $"forgotten nor re-created: repair it (restore a good copy as {_directory.PathOf(id)}) or give it up, then remove {file}");
}
