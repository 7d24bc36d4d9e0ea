using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>An in-memory mount table with stacked mounts and publish targets (directories or files).</summary>
public sealed class FakeMounts(FakeMachine machine) : IMounts
{
    public FaultInjector Faults { get; } = new();

    public async Task<MountInfo?> FindAsync(string target, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(FindAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
            return machine.Mounts.FindLast(m => m.Target == target);
    }

    public async Task<IReadOnlyList<MountInfo>> ListUnderAsync(string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(root);
        await Faults.BeforeCallAsync(nameof(ListUnderAsync), cancellationToken).ConfigureAwait(false);
        var prefix = root.TrimEnd('/') + "/";
        lock (machine.Sync)
        {
            return [.. machine.Mounts
                .Where(m => m.Target.StartsWith(prefix, StringComparison.Ordinal) && !m.Target[prefix.Length..].Contains('/', StringComparison.Ordinal))
                .OrderBy(m => m.Target, StringComparer.Ordinal)];
        }
    }

    public async Task PrepareTargetAsync(string target, TargetKind kind, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(PrepareTargetAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            if (machine.Targets.TryGetValue(target, out var existing) && existing != kind && machine.Mounts.Exists(m => m.Target == target))
                throw StorageException.FailedPrecondition($"{target} is a mounted {existing.ToString().ToLowerInvariant()}");
            machine.Targets[target] = kind;
        }
    }

    public async Task MountAsync(string source, string target, string fsType, IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await Faults.BeforeCallAsync(nameof(MountAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            if (!machine.Targets.ContainsKey(target))
                throw StorageException.NotFound($"mount point {target} does not exist");
            if (!machine.Filesystems.TryGetValue(source, out var fs) || fs.Type != fsType)
                throw StorageException.Internal($"mount: {target}: wrong fs type, bad option, bad superblock on {source}");
            machine.Mounts.Add(new MountInfo(source, target, fsType, [.. options], false, "/"));
        }
    }

    public async Task BindAsync(string source, string target, bool readOnly, IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await Faults.BeforeCallAsync(nameof(BindAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            if (!machine.Targets.ContainsKey(target))
                throw StorageException.NotFound($"mount point {target} does not exist");
            var isDevice = machine.BlockDeviceSize(source) is not null;
            if (!isDevice && !machine.Targets.ContainsKey(source))
                throw StorageException.NotFound($"special device {source} does not exist");
            var effective = new List<string> { readOnly ? "ro" : "rw" };
            effective.AddRange(options.Where(o => o is not ("ro" or "rw" or "bind")));
            machine.Mounts.Add(new MountInfo(source, target, isDevice ? "devtmpfs" : "none", effective, true, isDevice ? source : "/"));
        }
    }

    public async Task UnmountAndRemoveAsync(string target, TargetRemoval removal, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(UnmountAndRemoveAsync), cancellationToken).ConfigureAwait(false);
        lock (machine.Sync)
        {
            machine.Mounts.RemoveAll(m => m.Target == target);
            // The in-memory node knows what it created; a block file goes only when the caller allows it (issue 19).
            if (machine.Targets.TryGetValue(target, out var kind) && kind == TargetKind.File && removal == TargetRemoval.EmptyDirectory)
                throw StorageException.FailedPrecondition($"{target} is a file; only an empty directory may be removed for this volume");
            machine.Targets.Remove(target);
        }
    }

    /// <summary>The in-memory node has no symbolic links.</summary>
    public string? ResolveLinks(string path) => path;
}
