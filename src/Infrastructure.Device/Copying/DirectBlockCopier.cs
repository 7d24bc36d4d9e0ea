using System.Globalization;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Device.Discovery;

namespace OpenLocal.Infrastructure.Device.Copying;

/// <summary>
/// Copy-mode restore (csi.md §8): <c>dd</c> from argv, sequential 4 MiB O_DIRECT reads and writes (the page
/// cache is bypassed so a restore does not evict the node's working set), fsync before success.
/// </summary>
public sealed class DirectBlockCopier(DeviceTools tools, DeviceOptions options) : IBlockCopier
{
    public async Task CopyAsync(string sourceDevice, string targetDevice, long bytes, CancellationToken cancellationToken)
    {
        // O_DIRECT transfers whole sectors; LV sizes are whole extents, so this only rejects caller bugs.
        if (bytes <= 0 || bytes % 512 != 0)
            throw StorageException.InvalidArgument($"copy length must be a positive multiple of 512 bytes, got {bytes}");
        var devices = new SysfsBlockDevices(tools, options);
        var sourceSize = await devices.GetSizeAsync(sourceDevice, cancellationToken);
        var targetSize = await devices.GetSizeAsync(targetDevice, cancellationToken);
        if (sourceSize < bytes)
            throw StorageException.OutOfRange($"{sourceDevice} ({sourceSize} bytes) is smaller than the {bytes} bytes to copy");
        if (targetSize < bytes)
            throw StorageException.OutOfRange($"{targetDevice} ({targetSize} bytes) is smaller than the {bytes} bytes to copy");

        await tools.RunCheckedAsync("dd",
        [
            "if=" + sourceDevice, "of=" + targetDevice, "bs=4M",
            "count=" + bytes.ToString(CultureInfo.InvariantCulture),
            "iflag=direct,count_bytes", "oflag=direct", "conv=fsync,notrunc", "status=none",
        ], cancellationToken, options.CopyTimeout);
    }
}
