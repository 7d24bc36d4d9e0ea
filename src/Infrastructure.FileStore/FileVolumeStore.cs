using System.Text.Json;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>Volume records as files under <c>&lt;state-dir&gt;/volumes</c> (standalone mode, ADR 0012).</summary>
public sealed class FileVolumeStore : IVolumeStore
{
    private readonly RecordDirectory _directory;
    private readonly SemaphoreSlim _writes = new(1, 1);

    public FileVolumeStore(FileStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = new RecordDirectory(Path.Combine(options.StateDir, "volumes"));
    }

    public async Task<LocalVolume?> FindAsync(string volumeId, CancellationToken cancellationToken)
    {
        var bytes = await _directory.ReadAsync(volumeId, cancellationToken);
        return bytes is null ? null : Decode(bytes);
    }

    public async Task<IReadOnlyList<LocalVolume>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await _directory.ReadAllAsync(cancellationToken);
        var volumes = all.Select(Decode).ToList();
        volumes.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return volumes;
    }

    public async Task CreateAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (_directory.Exists(volume.Id))
                throw StorageException.AlreadyExists($"volume record {volume.Id} already exists");
            await _directory.WriteAsync(volume.Id, Encode(volume), cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task UpdateAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (!_directory.Exists(volume.Id))
                throw StorageException.NotFound($"volume record {volume.Id} does not exist");
            await _directory.WriteAsync(volume.Id, Encode(volume), cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task DeleteIfExistsAsync(string volumeId, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            _directory.Delete(volumeId);
        }
        finally
        {
            _writes.Release();
        }
    }

    private static byte[] Encode(LocalVolume volume) =>
        JsonSerializer.SerializeToUtf8Bytes(RecordMapping.ToStored(volume), StoredRecordsJson.Default.StoredVolume);

    private static LocalVolume Decode(byte[] bytes) =>
        RecordMapping.ToDomain(JsonSerializer.Deserialize(bytes, StoredRecordsJson.Default.StoredVolume)
            ?? throw StorageException.Internal("a volume record file is empty"));
}
