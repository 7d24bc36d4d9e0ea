using Mediator;
using OpenLocal.Application.Pipeline;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.ReconcileVolume;

/// <summary>
/// Node side of DESIGN decision 2: make the recorded volume real on this node (create/adopt the LV,
/// check the device or mount point, grow to the requested size, or clean up when it is being
/// deleted) and write the outcome to the record. Idempotent.
/// </summary>
public sealed record ReconcileVolumeCommand(string VolumeId) : ICommand<LocalVolume?>, IVolumeKeyed
{
    public string LockKey => "node/" + VolumeId;
}
