using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Hosts.Csi.Wire;

/// <summary>
/// Which capabilities a volume can serve (csi.md §2 "Access modes accepted"), for
/// ValidateVolumeCapabilities: single-node modes only; block access not for MountPoint volumes.
/// </summary>
public static class CapabilitySupport
{
    /// <returns>null when supported, else why not.</returns>
    public static string? Unsupported(VolumeCapability capability, VolumeType type)
    {
        ArgumentNullException.ThrowIfNull(capability);
        if (capability.AccessMode is not (AccessMode.SingleNodeWriter or AccessMode.SingleNodeReaderOnly or AccessMode.SingleNodeSingleWriter or AccessMode.SingleNodeMultiWriter))
            return $"access mode {capability.AccessMode} is not supported: only single-node modes (ReadWriteOnce, ReadWriteOncePod)";
        if (capability.AccessType == AccessType.Block && type == VolumeType.MountPoint)
            return "MountPoint volumes support filesystem access only";
        if (capability.FsType is { } fs && !VolumeCapability.IsSupportedFilesystem(fs))
            return $"filesystem {fs} is not supported: use {VolumeCapability.SupportedFilesystemList}";
        return null;
    }
}
