using OpenLocal.Domain.Snapshots;

namespace OpenLocal.Application.Ports;

/// <summary>
/// Durable records of snapshots (standalone files or LocalSnapshot resources). Deletion is split as
/// for <see cref="IVolumeStore"/>: the controller requests it, the node releases the record after
/// removing the COW LV.
/// </summary>
public interface ISnapshotStore
{
    Task<Snapshot?> FindAsync(string snapshotId, CancellationToken cancellationToken);

    /// <summary>All records, sorted by id (ordinal).</summary>
    Task<IReadOnlyList<Snapshot>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates the record; AlreadyExists when a record with this id exists.</summary>
    Task CreateAsync(Snapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Replaces the record; NotFound when it does not exist.</summary>
    Task UpdateAsync(Snapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Controller side: the record is kept, phase Deleting, until released. A missing record is success.</summary>
    Task RequestDeletionAsync(string snapshotId, CancellationToken cancellationToken);

    /// <summary>Node side, after the COW LV is gone: removes the record for good. A missing record is success.</summary>
    Task ReleaseAsync(string snapshotId, CancellationToken cancellationToken);
}
