namespace OpenLocal.Application.Ports;

/// <summary>statfs figures of a mounted filesystem.</summary>
public sealed record FilesystemStats(long TotalBytes, long AvailableBytes, long UsedBytes, long TotalInodes, long FreeInodes, long UsedInodes);

/// <summary>Filesystems on block devices: probe, format, grow, measure.</summary>
public interface IFilesystems
{
    /// <summary>The filesystem or partition-table type on the device ("ext4", "xfs", "gpt"...), or null when blank.</summary>
    Task<string?> ProbeAsync(string devicePath, CancellationToken cancellationToken);

    /// <summary>mkfs of <paramref name="fsType"/> with extra options inserted before the device. Callers probe first.</summary>
    Task FormatAsync(string devicePath, string fsType, IReadOnlyList<string> extraOptions, CancellationToken cancellationToken);

    /// <summary>Grows a mounted filesystem to fill its device (resize2fs / xfs_growfs).</summary>
    Task GrowAsync(string devicePath, string mountPath, string fsType, CancellationToken cancellationToken);

    Task<FilesystemStats> GetStatsAsync(string path, CancellationToken cancellationToken);
}
