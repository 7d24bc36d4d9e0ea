using System.Globalization;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Device.Filesystems;

/// <summary>Probe, mkfs, online grow and statfs figures (csi.md §6.4, §6.6, §6.7).</summary>
public sealed class LinuxFilesystems(DeviceTools tools, DeviceOptions options) : IFilesystems
{
    public static readonly IReadOnlyList<string> Supported = ["ext2", "ext3", "ext4", "xfs"];

    public async Task<string?> ProbeAsync(string devicePath, CancellationToken cancellationToken) =>
        (await tools.SignaturesAsync(devicePath, cancellationToken)).FirstOrDefault();

    public async Task FormatAsync(string devicePath, string fsType, IReadOnlyList<string> extraOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(extraOptions);
        if (!Supported.Contains(fsType))
            throw StorageException.InvalidArgument($"filesystem \"{fsType}\" is not supported; use one of {string.Join(", ", Supported)}");

        // Never reformat (csi.md §6.4 rules 2–3): the probe is repeated here even when the caller probed.
        var existing = await ProbeAsync(devicePath, cancellationToken);
        if (existing == fsType)
            return;
        if (existing is not null)
            throw StorageException.FailedPrecondition($"device {devicePath} already contains {existing}, requested {fsType}");

        var args = fsType == "xfs" ? new List<string> { "-f" } : ["-F", "-m0"];
        args.AddRange(extraOptions);
        args.Add(devicePath);
        await tools.RunCheckedAsync("mkfs." + fsType, args, cancellationToken, options.FormatTimeout);
    }

    public async Task GrowAsync(string devicePath, string mountPath, string fsType, CancellationToken cancellationToken)
    {
        switch (fsType)
        {
            case "ext2" or "ext3" or "ext4":
                await tools.RunCheckedAsync("resize2fs", [devicePath], cancellationToken, options.FormatTimeout);
                break;
            case "xfs":
                // xfs grows through its mount point, not its device.
                await tools.RunCheckedAsync("xfs_growfs", [mountPath], cancellationToken, options.FormatTimeout);
                break;
            default:
                throw StorageException.InvalidArgument($"cannot grow filesystem \"{fsType}\"; supported: {string.Join(", ", Supported)}");
        }
    }

    public async Task<FilesystemStats> GetStatsAsync(string path, CancellationToken cancellationToken)
    {
        // statfs(2) via stat -f: fragment size, blocks, free blocks, blocks available to users, inodes, free inodes.
        var output = await tools.RunCheckedAsync("stat", ["-f", "--format=%S %b %f %a %c %d", path], cancellationToken);
        var f = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => long.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        if (f.Length != 6)
            throw StorageException.Internal($"unexpected stat -f output for {path}: {output.Trim()}");
        var (size, blocks, free, available, files, freeFiles) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        return new FilesystemStats(blocks * size, available * size, (blocks - free) * size, files, freeFiles, files - freeFiles);
    }
}
