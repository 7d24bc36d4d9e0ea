using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Device.Mounts;

/// <summary>mount(8)/umount(8) by argv and the mount table from mountinfo (csi.md §6.3–§6.5).</summary>
public sealed class LinuxMounts(DeviceTools tools, DeviceOptions options) : IMounts
{
    // A target can carry a stack of mounts (a retried publish, a crash between mount and record); bounded so a
    // mount that keeps coming back (automount) cannot spin forever.
    private const int MaxStackedMounts = 32;

    public async Task<MountInfo?> FindAsync(string target, CancellationToken cancellationToken)
    {
        var wanted = Normalise(target);
        var entries = await MountTable.ReadAsync(options.MountInfoPath, cancellationToken);
        // mountinfo lists mounts in mount order: the last one on a path is the visible one.
        return entries.LastOrDefault(e => e.Target == wanted)?.ToMountInfo();
    }

    public async Task<IReadOnlyList<MountInfo>> ListUnderAsync(string root, CancellationToken cancellationToken)
    {
        var parent = Normalise(root);
        var entries = await MountTable.ReadAsync(options.MountInfoPath, cancellationToken);
        var topmost = new Dictionary<string, MountInfo>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Target != parent && Path.GetDirectoryName(entry.Target) == parent)
                topmost[entry.Target] = entry.ToMountInfo();
        }
        return [.. topmost.Values.OrderBy(m => m.Target, StringComparer.Ordinal)];
    }

    public Task PrepareTargetAsync(string target, TargetKind kind, CancellationToken cancellationToken)
    {
        PublishTargetFiles.Prepare(Normalise(target), kind);
        return Task.CompletedTask;
    }

    public async Task MountAsync(string source, string target, string fsType, IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        var args = new List<string> { "-t", fsType };
        AddOptions(args, options);
        args.AddRange([source, Normalise(target)]);
        await tools.RunCheckedAsync("mount", args, cancellationToken);
    }

    public async Task BindAsync(string source, string target, bool readOnly, IReadOnlyList<string> options, CancellationToken cancellationToken)
    {
        var path = Normalise(target);
        var args = new List<string> { "--bind" };
        AddOptions(args, options);
        args.AddRange([source, path]);
        await tools.RunCheckedAsync("mount", args, cancellationToken);
        if (!readOnly)
            return;
        // The kernel ignores "ro" on the initial bind; read-only takes a remount of the bind (mount(8) "bind mount operation").
        try
        {
            await tools.RunCheckedAsync("mount", ["-o", string.Join(',', Deduplicate(["remount", "bind", "ro", .. options])), path], cancellationToken);
        }
        catch (StorageException)
        {
            await tools.RunAsync("umount", [path], CancellationToken.None);
            throw;
        }
    }

    public async Task UnmountAndRemoveAsync(string target, TargetRemoval removal, CancellationToken cancellationToken)
    {
        var path = Normalise(target);
        for (var i = 0; i < MaxStackedMounts && await FindAsync(path, cancellationToken) is not null; i++)
            await tools.RunCheckedAsync("umount", [path], cancellationToken);
        if (await FindAsync(path, cancellationToken) is not null)
            throw StorageException.Internal($"{path} is still mounted after {MaxStackedMounts} unmounts");

        PublishTargetFiles.Remove(path, removal);
    }

    public string? ResolveLinks(string path) => PublishTargetFiles.ResolveLinks(path);

    private static void AddOptions(List<string> args, IReadOnlyList<string> options)
    {
        var unique = Deduplicate(options);
        if (unique.Count > 0)
            args.AddRange(["-o", string.Join(',', unique)]);
    }

    /// <summary>Mount options in order, each once (csi.md §6.4 rule 4; open-local repeated them).</summary>
    public static IReadOnlyList<string> Deduplicate(IEnumerable<string> options) =>
        [.. options.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim()).Distinct(StringComparer.Ordinal)];

    private static string Normalise(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
            throw StorageException.InvalidArgument($"\"{path}\" must be an absolute path");
        // The request validators apply the whole node path rule; this is the last line before a syscall.
        if (KubeletDirectory.SyntaxError(path) is { } error)
            throw StorageException.InvalidArgument($"path {error}");
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
