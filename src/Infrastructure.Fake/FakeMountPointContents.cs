using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>Emptying a mount point resets the used bytes of the filesystem mounted there.</summary>
public sealed class FakeMountPointContents(FakeMachine machine) : IMountPointContents
{
    public FaultInjector Faults { get; } = new();

    public async Task RemoveAllEntriesAsync(string directory, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(RemoveAllEntriesAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            var mount = machine.Mounts.FindLast(m => m.Target == directory)
                ?? throw StorageException.NotFound($"{directory} is not a mounted filesystem");
            if (machine.Filesystems.TryGetValue(mount.Source, out var fs))
                machine.Filesystems[mount.Source] = fs with { UsedBytes = 0 };
        }
    }
}
