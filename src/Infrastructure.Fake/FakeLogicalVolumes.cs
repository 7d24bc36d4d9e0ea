using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>In-memory lvm2: extent rounding, VG free space, thick snapshots, "origin with snapshots" rules.</summary>
public sealed class FakeLogicalVolumes(FakeMachine machine) : ILogicalVolumes
{
    public FaultInjector Faults { get; } = new();

    public async Task<LogicalVolumeInfo?> FindAsync(string volumeGroup, string name, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(FindAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            return machine.VolumeGroups.TryGetValue(volumeGroup, out var vg) && vg.LogicalVolumes.TryGetValue(name, out var lv)
                ? lv.ToInfo(vg)
                : null;
        }
    }

    public async Task<LogicalVolumeInfo> CreateAsync(LogicalVolumeSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await Faults.BeforeCallAsync(nameof(CreateAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var vg = machine.RequireVolumeGroup(spec.VolumeGroup);
            if (vg.LogicalVolumes.ContainsKey(spec.Name))
                throw StorageException.AlreadyExists($"Logical Volume \"{spec.Name}\" already exists in volume group \"{vg.Name}\"");
            var size = vg.RoundUp(spec.SizeBytes);
            if (size > vg.FreeBytes)
                throw StorageException.InsufficientCapacity($"Volume group \"{vg.Name}\" has insufficient free space ({vg.FreeBytes} bytes): {size} required");
            var lv = new FakeLogicalVolume(vg.Name, spec.Name, size, null, [.. spec.Tags]);
            vg.LogicalVolumes[spec.Name] = lv;
            return lv.ToInfo(vg);
        }
    }

    public async Task<LogicalVolumeInfo> ExtendAsync(string volumeGroup, string name, long sizeBytes, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ExtendAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var vg = machine.RequireVolumeGroup(volumeGroup);
            if (!vg.LogicalVolumes.TryGetValue(name, out var lv))
                throw StorageException.NotFound($"Failed to find logical volume \"{volumeGroup}/{name}\"");
            var size = vg.RoundUp(sizeBytes);
            if (size <= lv.SizeBytes)
                return lv.ToInfo(vg);
            if (vg.HasSnapshots(name))
                throw StorageException.FailedPrecondition($"{volumeGroup}/{name}: Snapshot origin volumes can be resized only while inactive");
            if (size - lv.SizeBytes > vg.FreeBytes)
                throw StorageException.InsufficientCapacity($"Insufficient free space: {size - lv.SizeBytes} bytes needed, {vg.FreeBytes} available in \"{volumeGroup}\"");
            var grown = lv with { SizeBytes = size };
            vg.LogicalVolumes[name] = grown;
            return grown.ToInfo(vg);
        }
    }

    public async Task RemoveIfExistsAsync(string volumeGroup, string name, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(RemoveIfExistsAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            if (!machine.VolumeGroups.TryGetValue(volumeGroup, out var vg) || !vg.LogicalVolumes.TryGetValue(name, out var lv))
                return;
            if (vg.HasSnapshots(name))
                throw StorageException.FailedPrecondition($"{volumeGroup}/{name} has snapshots; remove them first");
            if (lv.Tags.Contains("protected"))
                throw StorageException.FailedPrecondition($"{volumeGroup}/{name} is tagged protected");
            vg.LogicalVolumes.Remove(name);
            machine.Filesystems.Remove($"/dev/{volumeGroup}/{name}");
        }
    }

    public async Task<LogicalVolumeInfo> CreateSnapshotAsync(
        string volumeGroup, string origin, string snapshotName, long sizeBytes, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        await Faults.BeforeCallAsync(nameof(CreateSnapshotAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var vg = machine.RequireVolumeGroup(volumeGroup);
            if (!vg.LogicalVolumes.ContainsKey(origin))
                throw StorageException.NotFound($"Failed to find logical volume \"{volumeGroup}/{origin}\"");
            if (vg.LogicalVolumes.ContainsKey(snapshotName))
                throw StorageException.AlreadyExists($"Logical Volume \"{snapshotName}\" already exists in volume group \"{volumeGroup}\"");
            var size = vg.RoundUp(sizeBytes);
            if (size > vg.FreeBytes)
                throw StorageException.InsufficientCapacity($"Volume group \"{volumeGroup}\" has insufficient free space ({vg.FreeBytes} bytes): {size} required");
            var snapshot = new FakeLogicalVolume(volumeGroup, snapshotName, size, origin, [.. tags]);
            vg.LogicalVolumes[snapshotName] = snapshot;
            // The snapshot shows the origin's data as of now.
            if (machine.Filesystems.TryGetValue($"/dev/{volumeGroup}/{origin}", out var fs))
                machine.Filesystems[$"/dev/{volumeGroup}/{snapshotName}"] = fs;
            return snapshot.ToInfo(vg);
        }
    }
}
