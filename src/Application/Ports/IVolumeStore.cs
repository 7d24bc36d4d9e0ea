using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Ports;

/// <summary>
/// Durable records of provisioned volumes (standalone: files under --state-dir; in a cluster:
/// LocalVolume resources). The records are also the capacity ledger.
/// <para>
/// Deletion has two halves (issue 14, crds.md §5 lifecycle): the controller <em>requests</em> it
/// (<see cref="RequestDeletionAsync"/>), the record stays — phase Deleting, still counted in the
/// ledger — until the node has removed what it describes and <em>releases</em> it
/// (<see cref="ReleaseAsync"/>). In a cluster these are the DELETE that sets deletionTimestamp and
/// the removal of the finalizer.
/// </para>
/// </summary>
public interface IVolumeStore
{
    Task<LocalVolume?> FindAsync(string volumeId, CancellationToken cancellationToken);

    /// <summary>All records, sorted by id (ordinal).</summary>
    Task<IReadOnlyList<LocalVolume>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates the record; AlreadyExists when a record with this id exists.</summary>
    Task CreateAsync(LocalVolume volume, CancellationToken cancellationToken);

    /// <summary>Replaces the record; NotFound when it does not exist.</summary>
    Task UpdateAsync(LocalVolume volume, CancellationToken cancellationToken);

    /// <summary>
    /// Controller side: asks for the volume's deletion. The record is kept in phase Deleting until
    /// <see cref="ReleaseAsync"/>; it is not gone when this returns. A missing record is success.
    /// </summary>
    Task RequestDeletionAsync(string volumeId, CancellationToken cancellationToken);

    /// <summary>
    /// Node side, after the LV / device / mount point is cleaned up: removes the record for good (a
    /// cluster drops the finalizer, deleting the object first when nobody requested it). A missing
    /// record is success.
    /// </summary>
    Task ReleaseAsync(string volumeId, CancellationToken cancellationToken);
}
