using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>Copies a device's filesystem signature (the fake's notion of its data) to another device.</summary>
public sealed class FakeBlockCopier(FakeMachine machine) : IBlockCopier
{
    public FaultInjector Faults { get; } = new();

    public async Task CopyAsync(string sourceDevice, string targetDevice, long bytes, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(CopyAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            _ = machine.BlockDeviceSize(sourceDevice) ?? throw StorageException.NotFound($"{sourceDevice}: no such block device");
            var targetSize = machine.BlockDeviceSize(targetDevice) ?? throw StorageException.NotFound($"{targetDevice}: no such block device");
            if (targetSize < bytes)
                throw StorageException.OutOfRange($"{targetDevice} ({targetSize} bytes) is smaller than the {bytes} bytes to copy");
            if (machine.Filesystems.TryGetValue(sourceDevice, out var fs))
                machine.Filesystems[targetDevice] = fs;
            else
                machine.Filesystems.Remove(targetDevice);
        }
    }
}
