using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>Volume records as files under <c>&lt;state-dir&gt;/volumes</c> (standalone mode, ADR 0012).</summary>
public sealed class FileVolumeStore : IVolumeStore
{
    private readonly RecordFiles<LocalVolume> _files;

    public FileVolumeStore(FileStoreOptions options, ILogger<FileVolumeStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _files = new RecordFiles<LocalVolume>(
            new RecordDirectory(Path.Combine(options.StateDir, "volumes")), "volume", static v => v.Id, Encode, Decode,
            logger ?? (ILogger)NullLogger.Instance, time ?? TimeProvider.System);
    }

    /// <summary>Records moved aside (ADR-0049), for <see cref="FileDamagedRecords"/>.</summary>
    internal int DamagedCount => _files.DamagedCount;

    public Task<LocalVolume?> FindAsync(string volumeId, CancellationToken cancellationToken) => _files.FindAsync(volumeId, cancellationToken);

    public Task<IReadOnlyList<LocalVolume>> ListAsync(CancellationToken cancellationToken) => _files.ListAsync(cancellationToken);

    public Task CreateAsync(LocalVolume volume, CancellationToken cancellationToken) => _files.CreateAsync(volume, cancellationToken);

    public Task UpdateAsync(LocalVolume volume, CancellationToken cancellationToken) => _files.UpdateAsync(volume, cancellationToken);

    /// <summary>Marks the record Deleting; in-process provisioning then removes the node side and releases it.</summary>
    public async Task RequestDeletionAsync(string volumeId, CancellationToken cancellationToken)
    {
        var record = await _files.FindAsync(volumeId, cancellationToken).ConfigureAwait(false);
        if (record is not null && record.Phase != VolumePhase.Deleting)
            await _files.UpdateAsync(record.BeginDeletion(), cancellationToken).ConfigureAwait(false);
    }

    public Task ReleaseAsync(string volumeId, CancellationToken cancellationToken) => _files.DeleteIfExistsAsync(volumeId, cancellationToken);

    private static byte[] Encode(LocalVolume volume) =>
        JsonSerializer.SerializeToUtf8Bytes(RecordMapping.ToStored(volume), StoredRecordsJson.Default.StoredVolume);

    private static LocalVolume Decode(byte[] bytes) =>
        RecordMapping.ToDomain(JsonSerializer.Deserialize(bytes, StoredRecordsJson.Default.StoredVolume)
            ?? throw StorageException.Internal("a volume record file is empty"));
}
