using OpenLocal.Domain.Snapshots;

namespace OpenLocal.Application.Ports;

/// <summary>Durable records of snapshots (standalone files or LocalSnapshot resources).</summary>
public interface ISnapshotStore
{
    Task<Snapshot?> FindAsync(string snapshotId, CancellationToken cancellationToken);

    /// <summary>All records, sorted by id (ordinal).</summary>
    Task<IReadOnlyList<Snapshot>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates the record; AlreadyExists when a record with this id exists.</summary>
    Task CreateAsync(Snapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Replaces the record; NotFound when it does not exist.</summary>
    Task UpdateAsync(Snapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Removes the record; a missing record is success.</summary>
    Task DeleteIfExistsAsync(string snapshotId, CancellationToken cancellationToken);
}
