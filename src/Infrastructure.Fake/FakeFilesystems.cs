using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>In-memory blkid/mkfs/resize: a filesystem is a type and a size recorded per device.</summary>
public sealed class FakeFilesystems(FakeMachine machine) : IFilesystems
{
    private static readonly HashSet<string> Formattable = new(StringComparer.Ordinal) { "ext2", "ext3", "ext4", "xfs" };

    public FaultInjector Faults { get; } = new();

    public async Task<string?> ProbeAsync(string devicePath, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ProbeAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            if (machine.BlockDeviceSize(devicePath) is null)
                throw StorageException.NotFound($"{devicePath}: no such block device");
            return machine.Filesystems.TryGetValue(devicePath, out var fs) ? fs.Type : null;
        }
    }

    public async Task FormatAsync(string devicePath, string fsType, IReadOnlyList<string> extraOptions, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(FormatAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var size = machine.BlockDeviceSize(devicePath) ?? throw StorageException.NotFound($"{devicePath}: no such block device");
            if (!Formattable.Contains(fsType))
                throw StorageException.InvalidArgument($"mkfs.{fsType}: unsupported filesystem type");
            if (machine.IsMountSource(devicePath))
                throw StorageException.FailedPrecondition($"{devicePath} is mounted; will not make a filesystem here");
            machine.Filesystems[devicePath] = new FakeFilesystem(fsType, size);
        }
    }

    public async Task GrowAsync(string devicePath, string mountPath, string fsType, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(GrowAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var size = machine.BlockDeviceSize(devicePath) ?? throw StorageException.NotFound($"{devicePath}: no such block device");
            if (!machine.Filesystems.TryGetValue(devicePath, out var fs) || fs.Type != fsType)
                throw StorageException.FailedPrecondition($"{devicePath} does not contain {fsType}");
            machine.Filesystems[devicePath] = fs with { SizeBytes = size };
        }
    }

    public async Task<FilesystemStats> GetStatsAsync(string path, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(GetStatsAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var mount = machine.Mounts.FindLast(m => m.Target == path)
                ?? throw StorageException.NotFound($"{path} is not a mounted filesystem");
            if (!machine.Filesystems.TryGetValue(mount.Source, out var fs))
                throw StorageException.NotFound($"{mount.Source} has no filesystem");
            const long inodeBytes = 16 * 1024;
            var totalInodes = fs.SizeBytes / inodeBytes;
            var usedInodes = fs.UsedBytes / inodeBytes;
            return new FilesystemStats(fs.SizeBytes, fs.SizeBytes - fs.UsedBytes, fs.UsedBytes, totalInodes, totalInodes - usedInodes, usedInodes);
        }
    }
}
