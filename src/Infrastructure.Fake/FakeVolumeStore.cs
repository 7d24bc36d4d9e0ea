using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>Volume records in memory; records are immutable, so handing them out needs no copy.</summary>
public sealed class FakeVolumeStore : IVolumeStore
{
    private readonly Lock _sync = new();
    private readonly SortedDictionary<string, LocalVolume> _records = new(StringComparer.Ordinal);

    public FaultInjector Faults { get; } = new();

    public async Task<LocalVolume?> FindAsync(string volumeId, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(FindAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            return _records.GetValueOrDefault(volumeId);
    }

    public async Task<IReadOnlyList<LocalVolume>> ListAsync(CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ListAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            return [.. _records.Values];
    }

    public async Task CreateAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await Faults.BeforeCallAsync(nameof(CreateAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (!_records.TryAdd(volume.Id, volume))
                throw StorageException.AlreadyExists($"volume record {volume.Id} already exists");
        }
    }

    public async Task UpdateAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await Faults.BeforeCallAsync(nameof(UpdateAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (!_records.ContainsKey(volume.Id))
                throw StorageException.NotFound($"volume record {volume.Id} not found");
            _records[volume.Id] = volume;
        }
    }

    /// <summary>Marks the record Deleting (the finalizer's part); <see cref="ReleaseAsync"/> removes it.</summary>
    public async Task RequestDeletionAsync(string volumeId, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(RequestDeletionAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (_records.TryGetValue(volumeId, out var record) && record.Phase != VolumePhase.Deleting)
                _records[volumeId] = record.BeginDeletion();
        }
    }

    public async Task ReleaseAsync(string volumeId, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ReleaseAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            _records.Remove(volumeId);
    }
}
