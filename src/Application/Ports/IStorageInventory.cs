using OpenLocal.Domain.Pools;

namespace OpenLocal.Application.Ports;

/// <summary>
/// The schedulable storage every node reports (filtered VGs with allocatable bytes, free devices,
/// mount points) without the ledger applied: standalone reads the local backends, a cluster reads
/// NodeLocalStorage status.
/// </summary>
public interface IStorageInventory
{
    Task<IReadOnlyList<NodeStorage>> ListNodesAsync(CancellationToken cancellationToken);
}
