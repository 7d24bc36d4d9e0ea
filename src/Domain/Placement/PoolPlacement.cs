using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Placement;

/// <summary>What one new volume needs from a node.</summary>
public sealed record PoolRequest(VolumeType Type, long SizeBytes, string? VolumeGroup = null, MediaType? MediaType = null);

/// <summary>A pool on a node that can take the volume; <see cref="FreeBytes"/> is the pool's free space before it does.</summary>
public sealed record PoolChoice(string NodeName, string Pool, long FreeBytes);

/// <summary>
/// Pool choice on a node and node ranking without topology (csi.md §5.1): LVM by
/// <see cref="VolumeGroupPlacement"/>, Device and MountPoint by min-fit <see cref="ExclusivePlacement"/>
/// (mount points only with ext3/ext4/xfs). Nodes rank by the free space of the pool they would
/// use: binpack least first, spread most first, ties by node name.
/// </summary>
public static class PoolPlacement
{
    public static PoolChoice? Choose(NodeStorage node, PoolRequest request, PlacementStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Type)
        {
            case VolumeType.LVM:
                var vg = VolumeGroupPlacement.Choose(node.VolumeGroups, request.SizeBytes, strategy, request.VolumeGroup);
                return vg is null ? null : new PoolChoice(node.NodeName, vg.Name, vg.FreeBytes);
            case VolumeType.Device:
                return ChooseExclusive(node.NodeName, node.Devices, request);
            default:
                var eligible = node.MountPoints.Where(m => m.IsEligible).ToList();
                return ChooseExclusive(node.NodeName, eligible, request);
        }
    }

    public static IReadOnlyList<PoolChoice> RankNodes(IEnumerable<NodeStorage> nodes, PoolRequest request, PlacementStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var choices = new List<PoolChoice>();
        foreach (var node in nodes)
        {
            var choice = Choose(node, request, strategy);
            if (choice is not null)
                choices.Add(choice);
        }
        choices.Sort((a, b) =>
        {
            if (a.FreeBytes != b.FreeBytes)
                return strategy == PlacementStrategy.Binpack ? a.FreeBytes.CompareTo(b.FreeBytes) : b.FreeBytes.CompareTo(a.FreeBytes);
            return string.CompareOrdinal(a.NodeName, b.NodeName);
        });
        return choices;
    }

    private static PoolChoice? ChooseExclusive<T>(string nodeName, IReadOnlyList<T> resources, PoolRequest request)
        where T : ExclusiveResource
    {
        var assignment = ExclusivePlacement.Assign(resources, [new ExclusiveClaim("volume", request.SizeBytes, request.MediaType)]);
        return assignment is null ? null : new PoolChoice(nodeName, assignment["volume"].Path, assignment["volume"].CapacityBytes);
    }
}
