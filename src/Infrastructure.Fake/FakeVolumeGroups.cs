using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>In-memory VG discovery and initialisation with lvm2's "refuse a device with a signature" rule.</summary>
public sealed class FakeVolumeGroups(FakeMachine machine) : IVolumeGroups
{
    public FaultInjector Faults { get; } = new();

    public async Task<IReadOnlyList<VolumeGroupInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ListAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
            return [.. machine.VolumeGroups.Values.Select(vg => vg.ToInfo())];
    }

    public async Task CreateAsync(string name, IReadOnlyList<string> devices, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        await Faults.BeforeCallAsync(nameof(CreateAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            if (machine.VolumeGroups.ContainsKey(name))
                throw StorageException.AlreadyExists($"A volume group called {name} already exists");
            var size = ClaimDevices(devices, force);
            machine.VolumeGroups[name] = new FakeVolumeGroup(name, size, 4L << 20, [.. devices]);
        }
    }

    public async Task ExtendAsync(string name, IReadOnlyList<string> devices, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(devices);
        await Faults.BeforeCallAsync(nameof(ExtendAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var vg = machine.RequireVolumeGroup(name);
            var added = devices.Where(d => !vg.PhysicalVolumes.Contains(d)).ToList();
            vg.SizeBytes += ClaimDevices(added, force);
            vg.PhysicalVolumes.AddRange(added);
        }
    }

    private long ClaimDevices(IReadOnlyList<string> devices, bool force)
    {
        if (devices.Count == 0)
            throw StorageException.InvalidArgument("a volume group needs at least one device");
        long size = 0;
        foreach (var path in devices)
        {
            if (!machine.Devices.TryGetValue(path, out var device))
                throw StorageException.NotFound($"Device {path} not found");
            if (machine.IsPhysicalVolume(path))
                throw StorageException.FailedPrecondition($"Physical volume '{path}' is already in a volume group");
            if (machine.IsMountSource(path))
                throw StorageException.FailedPrecondition($"Can't open {path} exclusively. Mounted filesystem?");
            if (!force && machine.Filesystems.TryGetValue(path, out var signature))
                throw StorageException.FailedPrecondition($"{path} contains a {signature.Type} signature; refusing to initialise it without force");
            size += device.SizeBytes;
        }
        foreach (var path in devices)
            machine.Filesystems[path] = new FakeFilesystem("LVM2_member", 0);
        return size;
    }
}
