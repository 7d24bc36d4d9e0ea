using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>Snapshot records as files under <c>&lt;state-dir&gt;/snapshots</c> (standalone mode, ADR 0012).</summary>
public sealed class FileSnapshotStore : ISnapshotStore
{
    private readonly RecordFiles<Snapshot> _files;

    public FileSnapshotStore(FileStoreOptions options, ILogger<FileSnapshotStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _files = new RecordFiles<Snapshot>(
            new RecordDirectory(Path.Combine(options.StateDir, "snapshots")), "snapshot", static s => s.Id, Encode, Decode,
            logger ?? (ILogger)NullLogger.Instance, time ?? TimeProvider.System);
    }

    /// <summary>Records moved aside (ADR-0049), for <see cref="FileDamagedRecords"/>.</summary>
    internal int DamagedCount => _files.DamagedCount;

    public Task<Snapshot?> FindAsync(string snapshotId, CancellationToken cancellationToken) => _files.FindAsync(snapshotId, cancellationToken);

    public Task<IReadOnlyList<Snapshot>> ListAsync(CancellationToken cancellationToken) => _files.ListAsync(cancellationToken);

    public Task CreateAsync(Snapshot snapshot, CancellationToken cancellationToken) => _files.CreateAsync(snapshot, cancellationToken);

    public Task UpdateAsync(Snapshot snapshot, CancellationToken cancellationToken) => _files.UpdateAsync(snapshot, cancellationToken);

    /// <summary>Marks the record Deleting; in-process provisioning then removes the node side and releases it.</summary>
    public async Task RequestDeletionAsync(string snapshotId, CancellationToken cancellationToken)
    {
        var record = await _files.FindAsync(snapshotId, cancellationToken).ConfigureAwait(false);
        if (record is not null && record.Phase != VolumePhase.Deleting)
            await _files.UpdateAsync(record.BeginDeletion(), cancellationToken).ConfigureAwait(false);
    }

    public Task ReleaseAsync(string snapshotId, CancellationToken cancellationToken) => _files.DeleteIfExistsAsync(snapshotId, cancellationToken);

    private static byte[] Encode(Snapshot snapshot) =>
        JsonSerializer.SerializeToUtf8Bytes(RecordMapping.ToStored(snapshot), StoredRecordsJson.Default.StoredSnapshot);

    private static Snapshot Decode(byte[] bytes) =>
        RecordMapping.ToDomain(JsonSerializer.Deserialize(bytes, StoredRecordsJson.Default.StoredSnapshot)
            ?? throw StorageException.Internal("a snapshot record file is empty"));
}
