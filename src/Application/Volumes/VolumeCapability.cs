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

    /// <summary>The filesystems a mount volume may have (csi.md §4.1, §6.4 rule 1): the one list every validator uses.</summary>
    public static readonly IReadOnlySet<string> SupportedFilesystems = new HashSet<string>(StringComparer.Ordinal) { "ext2", "ext3", "ext4", "xfs" };

    public const string SupportedFilesystemList = "ext2, ext3, ext4 or xfs";

    public static bool IsSupportedFilesystem(string fsType) => SupportedFilesystems.Contains(fsType);
}
