using Mediator;
using OpenLocal.Application.Pipeline;

namespace OpenLocal.Application.Volumes.DeleteVolume;

/// <summary>CSI DeleteVolume (csi.md §5.2): an unknown id is success.</summary>
public sealed record DeleteVolumeCommand(string VolumeId) : ICommand, IVolumeKeyed
{
    public string LockKey => VolumeId;
}
