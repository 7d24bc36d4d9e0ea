using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>In-memory disks (and LV device nodes for size/type queries). A device is in use when it is a PV or mounted.</summary>
public sealed class FakeBlockDevices(FakeMachine machine) : IBlockDevices
{
    public FaultInjector Faults { get; } = new();

    public async Task<IReadOnlyList<BlockDeviceInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ListAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var result = new List<BlockDeviceInfo>(machine.Devices.Count);
            uint minor = 0;
            foreach (var device in machine.Devices.Values)
            {
                var inUse = machine.IsPhysicalVolume(device.Path) || machine.IsMountSource(device.Path);
                result.Add(new BlockDeviceInfo(device.Path, device.SizeBytes, device.MediaType, device.ReadOnly, false, null, inUse, 253, minor));
                minor += 16;
            }
            return result;
        }
    }

    public async Task<long> GetSizeAsync(string devicePath, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(GetSizeAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
            return machine.BlockDeviceSize(devicePath) ?? throw StorageException.NotFound($"{devicePath}: no such block device");
    }

    public async Task<bool> IsBlockDeviceAsync(string devicePath, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(IsBlockDeviceAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
            return machine.BlockDeviceSize(devicePath) is not null;
    }

    public async Task WipeSignaturesAsync(string devicePath, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(WipeSignaturesAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            if (machine.BlockDeviceSize(devicePath) is null)
                throw StorageException.NotFound($"{devicePath}: no such block device");
            if (machine.IsMountSource(devicePath))
                throw StorageException.FailedPrecondition($"{devicePath} is mounted; unmount it before wiping");
            machine.Filesystems.Remove(devicePath);
        }
    }
}
