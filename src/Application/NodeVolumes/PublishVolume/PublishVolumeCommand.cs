using Mediator;
using OpenLocal.Application.Pipeline;
using OpenLocal.Application.Volumes;

namespace OpenLocal.Application.NodeVolumes.PublishVolume;

/// <summary>CSI NodePublishVolume (csi.md §6.3, §6.4): format-and-mount or bind the volume at the target.</summary>
public sealed record PublishVolumeCommand(
    string VolumeId,
    string TargetPath,
    VolumeCapability Capability,
    bool ReadOnly,
    IReadOnlyDictionary<string, string> Context,
    string? StagingPath = null) : ICommand, IVolumeKeyed
{
    public string LockKey => VolumeId;
}
