using Mediator;
using OpenLocal.Application.Pipeline;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.ExpandVolume;

/// <summary>CSI ControllerExpandVolume (csi.md §5.3).</summary>
public sealed record ExpandVolumeCommand(string VolumeId, long RequiredBytes, long LimitBytes, AccessType? AccessType)
    : ICommand<ExpandVolumeResult>, IVolumeKeyed
{
    public string LockKey => VolumeId;
}

/// <summary>New capacity; the node must grow the filesystem for mount access.</summary>
public sealed record ExpandVolumeResult(long CapacityBytes, bool NodeExpansionRequired);
