using System.Text.Json;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>Snapshot records as files under <c>&lt;state-dir&gt;/snapshots</c> (standalone mode, ADR 0012).</summary>
public sealed class FileSnapshotStore : ISnapshotStore
{
    private readonly RecordDirectory _directory;
    private readonly SemaphoreSlim _writes = new(1, 1);

    public FileSnapshotStore(FileStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = new RecordDirectory(Path.Combine(options.StateDir, "snapshots"));
    }

    public async Task<Snapshot?> FindAsync(string snapshotId, CancellationToken cancellationToken)
    {
        var bytes = await _directory.ReadAsync(snapshotId, cancellationToken);
        return bytes is null ? null : Decode(bytes);
    }

    public async Task<IReadOnlyList<Snapshot>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await _directory.ReadAllAsync(cancellationToken);
        var snapshots = all.Select(Decode).ToList();
        snapshots.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return snapshots;
    }

    public async Task CreateAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (_directory.Exists(snapshot.Id))
                throw StorageException.AlreadyExists($"snapshot record {snapshot.Id} already exists");
            await _directory.WriteAsync(snapshot.Id, Encode(snapshot), cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task UpdateAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (!_directory.Exists(snapshot.Id))
                throw StorageException.NotFound($"snapshot record {snapshot.Id} does not exist");
            await _directory.WriteAsync(snapshot.Id, Encode(snapshot), cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task DeleteIfExistsAsync(string snapshotId, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            _directory.Delete(snapshotId);
        }
        finally
        {
            _writes.Release();
        }
    }

    private static byte[] Encode(Snapshot snapshot) =>
        JsonSerializer.SerializeToUtf8Bytes(RecordMapping.ToStored(snapshot), StoredRecordsJson.Default.StoredSnapshot);

    private static Snapshot Decode(byte[] bytes) =>
        RecordMapping.ToDomain(JsonSerializer.Deserialize(bytes, StoredRecordsJson.Default.StoredSnapshot)
            ?? throw StorageException.Internal("a snapshot record file is empty"));
}
