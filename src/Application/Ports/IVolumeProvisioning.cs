using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Ports;

/// <summary>
/// The controller → node path (DESIGN decision 2): asks the node that owns a recorded volume or
/// snapshot to make it real and waits for the outcome. In a cluster this writes/watches LocalVolume
/// resources; standalone it reconciles in process. Failures come back as StorageException with the
/// node's failure kind; a wait past the deadline is DeadlineExceeded.
/// </summary>
public interface IVolumeProvisioning
{
    /// <summary>Creates or grows the volume on its node until capacity ≥ the requested size.</summary>
    Task<LocalVolume> RealizeAsync(LocalVolume volume, CancellationToken cancellationToken);

    /// <summary>Removes the node-side volume (LV, device wipe, mount-point cleanup) and the record.</summary>
    Task RemoveAsync(LocalVolume volume, CancellationToken cancellationToken);

    Task<Snapshot> RealizeSnapshotAsync(Snapshot snapshot, CancellationToken cancellationToken);

    Task RemoveSnapshotAsync(Snapshot snapshot, CancellationToken cancellationToken);
}
