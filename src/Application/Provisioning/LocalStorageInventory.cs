using OpenLocal.Application.Ports;
using OpenLocal.Application.Volumes.ReconcileVolume;
using OpenLocal.Domain.Filtering;
using OpenLocal.Domain.Pools;

namespace OpenLocal.Application.Provisioning;

/// <summary>
/// Standalone <see cref="IStorageInventory"/>: this one node's storage read from the local backends
/// (what the agent would write to NodeLocalStorage, node-agent.md §3). A VG's allocatable is its
/// size minus LVs that are not ours; devices are offered only when free and not a partition of a
/// disk in use; mount points are those directly under the mount root.
/// </summary>
public sealed class LocalStorageInventory(
    LocalStorageOptions options, IVolumeGroups volumeGroups, IBlockDevices blockDevices, IMounts mounts, IFilesystems filesystems)
    : IStorageInventory
{
    public async Task<IReadOnlyList<NodeStorage>> ListNodesAsync(CancellationToken cancellationToken)
    {
        var groups = await volumeGroups.ListAsync(cancellationToken).ConfigureAwait(false);
        var selectedGroups = NameFilter.Apply(groups.Select(g => g.Name), options.VolumeGroupInclude, null).Selected.ToHashSet(StringComparer.Ordinal);
        var pools = groups
            .Where(g => selectedGroups.Contains(g.Name))
            .Select(g => new VolumeGroupPool(g.Name, g.SizeBytes, Math.Max(0, g.SizeBytes - g.LogicalVolumes.Where(lv => !IsOurs(lv)).Sum(lv => lv.SizeBytes))))
            .ToList();

        var devices = await blockDevices.ListAsync(cancellationToken).ConfigureAwait(false);
        var usedDisks = devices.Where(d => d.InUse && d.IsPartition && d.Parent is not null).Select(d => d.Parent!).ToHashSet(StringComparer.Ordinal);
        var partitioned = devices.Where(d => d.IsPartition && d.Parent is not null).Select(d => d.Parent!).ToHashSet(StringComparer.Ordinal);
        var candidates = devices.Where(d => !d.InUse && !d.ReadOnly && d.SizeBytes > 0
            && !(d.IsPartition && d.Parent is not null && usedDisks.Contains(d.Parent))
            && !(!d.IsPartition && (usedDisks.Contains(d.Path) || partitioned.Contains(d.Path))))
            .ToList();
        var selectedDevices = NameFilter.Apply(candidates.Select(d => d.Path), options.DeviceInclude, null).Selected.ToHashSet(StringComparer.Ordinal);
        var exclusive = candidates
            .Where(d => selectedDevices.Contains(d.Path))
            .Select(d => new ExclusiveDevice(d.Path, d.MediaType, d.SizeBytes))
            .ToList();

        var mountPoints = new List<MountPointPool>();
        foreach (var mount in await mounts.ListUnderAsync(options.MountRoot, cancellationToken).ConfigureAwait(false))
        {
            var stats = await filesystems.GetStatsAsync(mount.Target, cancellationToken).ConfigureAwait(false);
            var media = devices.FirstOrDefault(d => d.Path == mount.Source)?.MediaType ?? Domain.Volumes.MediaType.Hdd;
            mountPoints.Add(new MountPointPool(mount.Target, media, stats.TotalBytes, mount.FsType));
        }

        return [new NodeStorage(options.NodeName, options.Hostname ?? options.NodeName, [.. pools], [.. exclusive], [.. mountPoints])];
    }

    private bool IsOurs(LogicalVolumeInfo lv) =>
        lv.Tags.Any(t => t.StartsWith(LogicalVolumeTags.VolumeIdPrefix, StringComparison.Ordinal) || t.StartsWith(LogicalVolumeTags.ClusterPrefix, StringComparison.Ordinal))
        || options.OwnNamePrefixes.Any(p => lv.Name.StartsWith(p, StringComparison.Ordinal));
}
