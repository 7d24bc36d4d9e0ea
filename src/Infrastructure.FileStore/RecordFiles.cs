using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>
/// The create/update/delete rules shared by every record kind: one file per record in a
/// <see cref="RecordDirectory"/>, existence checks and writes serialised by one lock, lists sorted by id.
/// </summary>
internal sealed class RecordFiles<T>(RecordDirectory directory, string noun, Func<T, string> idOf, Func<T, byte[]> encode, Func<byte[], T> decode)
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    public async Task<T?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var bytes = await directory.ReadAsync(id, cancellationToken);
        return bytes is null ? default : decode(bytes);
    }

    public async Task<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await directory.ReadAllAsync(cancellationToken);
        var records = all.Select(decode).ToList();
        records.Sort((a, b) => string.CompareOrdinal(idOf(a), idOf(b)));
        return records;
    }

    public Task CreateAsync(T record, CancellationToken cancellationToken) =>
        WriteAsync(record, mustExist: false, cancellationToken);

    public Task UpdateAsync(T record, CancellationToken cancellationToken) =>
        WriteAsync(record, mustExist: true, cancellationToken);

    public async Task DeleteIfExistsAsync(string id, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            directory.Delete(id);
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task WriteAsync(T record, bool mustExist, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var id = idOf(record);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var exists = directory.Exists(id);
            if (mustExist && !exists)
                throw StorageException.NotFound($"{noun} record {id} does not exist");
            if (!mustExist && exists)
                throw StorageException.AlreadyExists($"{noun} record {id} already exists");
            await directory.WriteAsync(id, encode(record), cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }
}
