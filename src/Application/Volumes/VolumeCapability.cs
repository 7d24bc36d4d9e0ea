using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes;

/// <summary>CSI access modes (csi.md §2): only single-node modes are supported.</summary>
public enum AccessMode
{
    Unknown,
    SingleNodeWriter,
    SingleNodeReaderOnly,
    MultiNodeReaderOnly,
    MultiNodeSingleWriter,
    MultiNodeMultiWriter,
    SingleNodeSingleWriter,
    SingleNodeMultiWriter,
}

/// <summary>One requested capability: access type, filesystem and mount flags, access mode.</summary>
public sealed record VolumeCapability(AccessType AccessType, string? FsType, IReadOnlyList<string> MountFlags, AccessMode AccessMode)
{
    public static VolumeCapability Mount(string? fsType = null, AccessMode mode = AccessMode.SingleNodeWriter) =>
        new(AccessType.Mount, fsType, [], mode);

    public static VolumeCapability Block(AccessMode mode = AccessMode.SingleNodeWriter) => new(AccessType.Block, null, [], mode);
}
