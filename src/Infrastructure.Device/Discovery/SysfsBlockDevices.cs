using System.Globalization;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Device.Mounts;

namespace OpenLocal.Infrastructure.Device.Discovery;

/// <summary>
/// Disks and partitions from sysfs (node-agent.md §2, not lsblk), plus the whole-device operations of
/// exclusive volumes. The sysfs root is configurable so that tests can use a fabricated tree.
/// </summary>
public sealed class SysfsBlockDevices(DeviceTools tools, DeviceOptions options) : IBlockDevices
{
    // Signatures that mean another storage stack owns the device (unlike a bare filesystem, node-agent.md §2).
    private static readonly string[] OwnedSignatures = ["LVM2_member", "linux_raid_member", "crypto_LUKS", "gpt", "dos", "PMBR", "zfs_member", "bcache"];

    public async Task<IReadOnlyList<BlockDeviceInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var found = SysfsScan.Scan(Path.Combine(options.SysfsRoot, "block"));
        if (found.Count == 0)
            return [];
        var mounted = (await MountTable.ReadAsync(options.MountInfoPath, cancellationToken)).Select(e => e.Device).ToHashSet();
        var signatures = await ProbeAllAsync(found.Select(d => d.Path).ToList(), cancellationToken);

        var result = new List<BlockDeviceInfo>(found.Count);
        foreach (var device in found)
        {
            var signature = signatures.GetValueOrDefault(device.Path);
            var inUse = device.HasHolders || device.HasPartitions || mounted.Contains(device.Number)
                || (signature is not null && OwnedSignatures.Contains(signature));
            result.Add(new BlockDeviceInfo(device.Path, device.SizeBytes, device.Media, device.ReadOnly, device.Parent is not null,
                device.Parent, inUse, device.Number.Major, device.Number.Minor, signature));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return result;
    }

    public async Task<long> GetSizeAsync(string devicePath, CancellationToken cancellationToken)
    {
        // blockdev --getsize64 is the BLKGETSIZE64 ioctl, run where the device node lives (host namespace).
        var output = await tools.RunCheckedAsync("blockdev", ["--getsize64", devicePath], cancellationToken);
        return long.Parse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    public async Task<bool> IsBlockDeviceAsync(string devicePath, CancellationToken cancellationToken) =>
        await tools.StatAsync(devicePath, cancellationToken) is { IsBlockDevice: true };

    public async Task WipeSignaturesAsync(string devicePath, CancellationToken cancellationToken)
    {
        if (await tools.StatAsync(devicePath, cancellationToken) is not { IsBlockDevice: true })
            throw StorageException.NotFound($"{devicePath} is not a block device");
        await tools.RunCheckedAsync("wipefs", ["--all", devicePath], cancellationToken);
    }

    /// <summary>
    /// Signatures by low-level probing, in as few <c>blkid -p</c> runs as the devices allow. blkid probes its devices
    /// in order and stops at the first one it identifies nothing on (exit 2, util-linux 2.38), so one blank disk hid
    /// the signatures of every device after it; a run therefore resumes after the device it stopped at. When blkid
    /// complained about that device (an ambivalent result, an open error) it gets a <c>wipefs</c> listing instead,
    /// so a device that carries something is never taken for blank.
    /// </summary>
    private async Task<Dictionary<string, string>> ProbeAllAsync(List<string> devices, CancellationToken cancellationToken)
    {
        var signatures = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 0;
        while (next < devices.Count)
        {
            var batch = devices.GetRange(next, devices.Count - next);
            var result = await tools.RunAsync("blkid", ["-p", "-o", "export", .. batch], cancellationToken);
            var reported = ParseExport(result.StandardOutput, signatures);
            var stopped = batch.FindIndex(d => !reported.Contains(d));
            if (stopped < 0)
                break;
            if (!string.IsNullOrWhiteSpace(result.StandardError))
                await ListSignaturesAsync(batch[stopped], signatures, cancellationToken);
            next += stopped + 1;
        }
        return signatures;
    }

    private async Task ListSignaturesAsync(string device, Dictionary<string, string> signatures, CancellationToken cancellationToken)
    {
        try
        {
            if (await tools.SignaturesAsync(device, cancellationToken) is [var first, ..])
                signatures[device] = first;
        }
        catch (StorageException)
        {
            // Gone since the sysfs scan, or not readable here (the mounted root disk of some VMs refuses even a
            // read-only probe): nothing to report, as before; the devices after it are probed all the same.
        }
    }

    /// <summary>Reads <c>blkid -o export</c> blocks into <paramref name="signatures"/>; returns the devices it reported.</summary>
    private static HashSet<string> ParseExport(string output, Dictionary<string, string> signatures)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        string? name = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                name = null;
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
                continue;
            var (key, value) = (line[..eq], line[(eq + 1)..]);
            if (key == "DEVNAME")
            {
                name = value;
                reported.Add(value);
            }
            else if (name is not null && key is "TYPE" or "PTTYPE")
            {
                signatures.TryAdd(name, value);
            }
        }
        return reported;
    }
}

/// <summary>What sysfs says about one disk or partition.</summary>
internal sealed record SysfsDevice(string Path, long SizeBytes, MediaType Media, bool ReadOnly, string? Parent, bool HasHolders, bool HasPartitions, DeviceNumber Number);

/// <summary>The sysfs walk: <c>block/&lt;disk&gt;</c> and its partition sub-directories (node-agent.md §2 table).</summary>
internal static class SysfsScan
{
    private const long SectorBytes = 512;

    public static List<SysfsDevice> Scan(string blockDirectory)
    {
        var devices = new List<SysfsDevice>();
        if (!Directory.Exists(blockDirectory))
            return devices;
        foreach (var diskDir in Directory.EnumerateDirectories(blockDirectory).Order(StringComparer.Ordinal))
        {
            var disk = System.IO.Path.GetFileName(diskDir);
            var size = ReadBytes(diskDir);
            // Unattached loop devices, empty card readers: no medium, nothing to offer.
            if (size == 0)
                continue;
            var media = ReadText(diskDir, Path("queue", "rotational")) == "1" ? MediaType.Hdd : MediaType.Ssd;
            var partitions = Directory.EnumerateDirectories(diskDir)
                .Where(d => System.IO.Path.GetFileName(d).StartsWith(disk, StringComparison.Ordinal) && File.Exists(System.IO.Path.Combine(d, "size")))
                .Order(StringComparer.Ordinal)
                .ToList();
            foreach (var partDir in partitions)
            {
                // Partitions have no queue/ of their own: media type is the disk's.
                devices.Add(new SysfsDevice(DevPath(partDir), ReadBytes(partDir), media,
                    ReadText(partDir, "ro") == "1", DevPath(diskDir), HasEntries(partDir, "holders"), false, DeviceNumber.Parse(ReadText(partDir, "dev"))));
            }
            devices.Add(new SysfsDevice(DevPath(diskDir), size, media, ReadText(diskDir, "ro") == "1", null,
                HasEntries(diskDir, "holders"), partitions.Count > 0, DeviceNumber.Parse(ReadText(diskDir, "dev"))));
        }
        return devices;
    }

    // sysfs writes '/' in device names as '!' (cciss!c0d0 is /dev/cciss/c0d0).
    private static string DevPath(string sysfsDir) => "/dev/" + System.IO.Path.GetFileName(sysfsDir).Replace('!', '/');

    private static string Path(params string[] parts) => System.IO.Path.Combine(parts);

    private static string ReadText(string dir, string file)
    {
        var path = System.IO.Path.Combine(dir, file);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : string.Empty;
    }

    /// <summary>
    /// <c>size</c> in 512-byte sectors, as bytes; unreadable, or too large for 64 bits (issue 19 fuzzing:
    /// the product wrapped to a negative size), counts as 0 like a device without a medium.
    /// </summary>
    private static long ReadBytes(string dir) =>
        long.TryParse(ReadText(dir, "size"), NumberStyles.None, CultureInfo.InvariantCulture, out var sectors) && sectors <= long.MaxValue / SectorBytes
            ? sectors * SectorBytes
            : 0;

    private static bool HasEntries(string dir, string sub)
    {
        var path = System.IO.Path.Combine(dir, sub);
        return Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any();
    }
}
