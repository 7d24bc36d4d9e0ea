using System.Globalization;
using System.Text;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Throttling;

namespace OpenLocal.Infrastructure.Device.Throttling;

/// <summary>
/// cgroup v1 <c>blkio.throttle.*</c> files (throttling.md §5.1): one <c>MAJ:MIN VALUE\n</c> line per write,
/// value 0 deletes the device's rule, other devices' rules are untouched. Verified by reading back.
/// </summary>
public static class BlkioV1Limits
{
    public const string ReadBps = "blkio.throttle.read_bps_device";
    public const string WriteBps = "blkio.throttle.write_bps_device";
    public const string ReadIops = "blkio.throttle.read_iops_device";
    public const string WriteIops = "blkio.throttle.write_iops_device";

    public static void Apply(string cgroupDirectory, DeviceNumber device, IoThrottle limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Write(cgroupDirectory, ReadBps, device, limits.ReadBytesPerSecond);
        Write(cgroupDirectory, WriteBps, device, limits.WriteBytesPerSecond);
        Write(cgroupDirectory, ReadIops, device, limits.ReadIops);
        Write(cgroupDirectory, WriteIops, device, limits.WriteIops);
    }

    public static void Remove(string cgroupDirectory, DeviceNumber device) => Apply(cgroupDirectory, device, new IoThrottle(0, 0, 0, 0));

    /// <summary>The value of the device's rule in one file; 0 when it has none.</summary>
    public static long Read(string cgroupDirectory, string file, DeviceNumber device)
    {
        var prefix = device + " ";
        foreach (var line in File.ReadAllLines(Path.Combine(cgroupDirectory, file)))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return long.Parse(line.AsSpan(prefix.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        return 0;
    }

    private static void Write(string directory, string file, DeviceNumber device, long value)
    {
        CgroupFile.WriteLine(Path.Combine(directory, file), string.Create(CultureInfo.InvariantCulture, $"{device} {value}\n"));
        var actual = Read(directory, file, device);
        if (actual != value)
            throw StorageException.Internal($"failed to write {Path.Combine(directory, file)}: reads back {actual} for {device}, expected {value}");
    }
}

/// <summary>
/// cgroup v2 <c>io.max</c> (throttling.md §5.2): <c>MAJ:MIN rbps= wbps= riops= wiops=</c>, <c>max</c> for
/// no limit; all-max removes the device's line.
/// </summary>
public static class IoMaxLimits
{
    public const string File = "io.max";

    public static void Apply(string cgroupDirectory, DeviceNumber device, IoThrottle limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var path = Path.Combine(cgroupDirectory, File);
        if (!System.IO.File.Exists(path))
            throw StorageException.FailedPrecondition($"io controller not enabled for pod cgroup {cgroupDirectory} (no {File})");
        var wanted = Line(device, limits);
        CgroupFile.WriteLine(path, wanted + "\n");
        var actual = Read(cgroupDirectory, device);
        if (actual != limits)
            throw StorageException.Internal($"failed to write {path}: expected \"{wanted}\"");
    }

    public static void Remove(string cgroupDirectory, DeviceNumber device) => Apply(cgroupDirectory, device, new IoThrottle(0, 0, 0, 0));

    public static string Line(DeviceNumber device, IoThrottle limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return $"{device} rbps={Value(limits.ReadBytesPerSecond)} wbps={Value(limits.WriteBytesPerSecond)} riops={Value(limits.ReadIops)} wiops={Value(limits.WriteIops)}";
    }

    /// <summary>The device's limits as io.max lists them; a device without a line is unlimited.</summary>
    public static IoThrottle Read(string cgroupDirectory, DeviceNumber device)
    {
        var prefix = device + " ";
        var line = System.IO.File.ReadAllLines(Path.Combine(cgroupDirectory, File)).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in (line?[prefix.Length..] ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair[(eq + 1)..] != "max")
                values[pair[..eq]] = long.Parse(pair[(eq + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        return new IoThrottle(values.GetValueOrDefault("rbps"), values.GetValueOrDefault("wbps"), values.GetValueOrDefault("riops"), values.GetValueOrDefault("wiops"));
    }

    private static string Value(long value) => value == 0 ? "max" : value.ToString(CultureInfo.InvariantCulture);
}

internal static class CgroupFile
{
    /// <summary>One write(2) of the whole line: the kernel parses each write as one rule. A plain file write, no shell.</summary>
    public static void WriteLine(string path, string line)
    {
        try
        {
            using var handle = System.IO.File.OpenHandle(path, FileMode.Truncate, FileAccess.Write);
            RandomAccess.Write(handle, Encoding.ASCII.GetBytes(line), 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw StorageException.Internal($"failed to write {path}: {ex.Message}", ex);
        }
    }
}
