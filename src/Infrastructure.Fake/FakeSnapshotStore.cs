using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>Snapshot records in memory.</summary>
public sealed class FakeSnapshotStore : ISnapshotStore
{
    private readonly Lock _sync = new();
    private readonly SortedDictionary<string, Snapshot> _records = new(StringComparer.Ordinal);

    public FaultInjector Faults { get; } = new();

    public async Task<Snapshot?> FindAsync(string snapshotId, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(FindAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            return _records.GetValueOrDefault(snapshotId);
    }

    public async Task<IReadOnlyList<Snapshot>> ListAsync(CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ListAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            return [.. _records.Values];
    }

    public async Task CreateAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await Faults.BeforeCallAsync(nameof(CreateAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (!_records.TryAdd(snapshot.Id, snapshot))
                throw StorageException.AlreadyExists($"snapshot record {snapshot.Id} already exists");
        }
    }

    public async Task UpdateAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await Faults.BeforeCallAsync(nameof(UpdateAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (!_records.ContainsKey(snapshot.Id))
                throw StorageException.NotFound($"snapshot record {snapshot.Id} not found");
            _records[snapshot.Id] = snapshot;
        }
    }

    /// <summary>Marks the record Deleting (the finalizer's part); <see cref="ReleaseAsync"/> removes it.</summary>
    public async Task RequestDeletionAsync(string snapshotId, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(RequestDeletionAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (_records.TryGetValue(snapshotId, out var record) && record.Phase != VolumePhase.Deleting)
                _records[snapshotId] = record.BeginDeletion();
        }
    }

    public async Task ReleaseAsync(string snapshotId, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ReleaseAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            _records.Remove(snapshotId);
    }
}
