using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Ports;

/// <summary>
/// Durable records of provisioned volumes (standalone: files under --state-dir; in a cluster:
/// LocalVolume resources). The records are also the capacity ledger.
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

    /// <summary>Removes the record; a missing record is success.</summary>
    Task DeleteIfExistsAsync(string volumeId, CancellationToken cancellationToken);
}
