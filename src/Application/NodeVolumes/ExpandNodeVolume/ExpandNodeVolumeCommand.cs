using Mediator;
using OpenLocal.Application.Pipeline;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes.ExpandNodeVolume;

/// <summary>CSI NodeExpandVolume (csi.md §6.6): grow the mounted filesystem; returns the device size.</summary>
public sealed record ExpandNodeVolumeCommand(string VolumeId, string VolumePath, long RequiredBytes, AccessType? AccessType, string? StagingPath = null)
    : ICommand<long>, IVolumeKeyed
{
    public string LockKey => VolumeId;
}
