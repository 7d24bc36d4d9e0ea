using Mediator;
using OpenLocal.Application.Pipeline;

namespace OpenLocal.Application.NodeVolumes.UnpublishVolume;

/// <summary>CSI NodeUnpublishVolume (csi.md §6.5): absent target is success; inline volumes are removed.</summary>
public sealed record UnpublishVolumeCommand(string VolumeId, string TargetPath) : ICommand, IVolumeKeyed
{
    public string LockKey => VolumeId;
}
