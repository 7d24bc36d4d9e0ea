using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Ports;

/// <summary>
/// A disk or partition discovered in sysfs. <paramref name="InUse"/>: it has partitions or holders, is
/// mounted, or carries an LVM PV / partition-table signature (node-agent.md §2). <paramref name="Signature"/>
/// is what blkid found on it ("ext4", "LVM2_member", "gpt"...), null when blank or not probeable; a plain
/// filesystem signature alone does not make a device in use (open-local parity, node-agent.md §2).
/// </summary>
public sealed record BlockDeviceInfo(
    string Path,
    long SizeBytes,
    MediaType MediaType,
    bool ReadOnly,
    bool IsPartition,
    string? Parent,
    bool InUse,
    uint Major,
    uint Minor,
    string? Signature = null);

/// <summary>Block devices of the node: discovery and the whole-device operations of exclusive volumes.</summary>
public interface IBlockDevices
{
    Task<IReadOnlyList<BlockDeviceInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Size in bytes of a block device node, or NotFound.</summary>
    Task<long> GetSizeAsync(string devicePath, CancellationToken cancellationToken);

    /// <summary>True when the path exists and is a block device node.</summary>
    Task<bool> IsBlockDeviceAsync(string devicePath, CancellationToken cancellationToken);

    /// <summary>Erases filesystem and partition-table signatures (wipefs) so the device can be reused.</summary>
    Task WipeSignaturesAsync(string devicePath, CancellationToken cancellationToken);
}
