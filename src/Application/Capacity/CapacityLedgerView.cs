using System.Collections.Concurrent;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Capacity;

/// <summary>
/// Free space per node as CreateVolume, ExpandVolume, CreateSnapshot and GetCapacity see it: the
/// inventory with the ledger applied (crds.md §5). Records this process wrote are remembered until
/// the store lists them, so a store fed by an informer that lags behind (a cluster) still never
/// lets two placements take the same space (read-your-writes, csi.md §5.1).
/// </summary>
public sealed class CapacityLedgerView(IStorageInventory inventory, IVolumeStore volumes, ISnapshotStore snapshots)
{
    private readonly ConcurrentDictionary<string, LocalVolume> _written = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<NodeStorage>> ListNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = await inventory.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        var records = await volumes.ListAsync(cancellationToken).ConfigureAwait(false);
        var snapshotRecords = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);

        var merged = new Dictionary<string, LocalVolume>(records.Count + _written.Count, StringComparer.Ordinal);
        foreach (var record in records)
            merged[record.Id] = record;
        foreach (var (id, written) in _written)
        {
            if (merged.TryGetValue(id, out var listed))
            {
                // The store caught up with our write once it lists at least as much as we wrote.
                if (listed.SizeBytes >= written.SizeBytes)
                    _written.TryRemove(new KeyValuePair<string, LocalVolume>(id, written));
                else
                    merged[id] = written;
            }
            else
            {
                merged[id] = written;
            }
        }
        return CapacityLedger.Apply(nodes, merged.Values, snapshotRecords);
    }

    public async Task<NodeStorage?> FindNodeAsync(string nodeName, CancellationToken cancellationToken)
    {
        var nodes = await ListNodesAsync(cancellationToken).ConfigureAwait(false);
        return nodes.FirstOrDefault(n => n.NodeName == nodeName);
    }

    /// <summary>Counts a record this process just created or grew, before the store may show it.</summary>
    public void Remember(LocalVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        _written[volume.Id] = volume;
    }

    /// <summary>Stops counting a record this process deleted.</summary>
    public void Forget(string volumeId) => _written.TryRemove(volumeId, out _);
}
