using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>One demand of a pod and the VG, device or mount point it gets.</summary>
public sealed record DemandPlacement(StorageDemand Demand, string Pool);

/// <summary>
/// Which VG, device or mount point each demand of a pod gets on one node — what the extender's
/// compatibility API answers (extender.md §7). The order and rules are the predicates' (§4.2):
/// inline and pinned VGs first, then LVM by the strategy through <see cref="VolumeGroupPlacement"/>
/// (as CreateVolume chooses, §5.1, cumulative), then min-fit for Device and MountPoint (§4.3).
/// Meant to run after <see cref="StorageFit.Check"/> accepted the node; a demand that still finds
/// nothing gets no placement, which the caller reports.
/// </summary>
public static class PodPlacement
{
    private const string LedgerHolder = "ledger";

    public static IReadOnlyList<DemandPlacement> Place(NodeSnapshot node, PodDemands pod, PlacementStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(pod);
        var pools = new List<VolumeGroupPool>(node.VolumeGroups.Count);
        foreach (var vg in node.VolumeGroups)
            pools.Add(new VolumeGroupPool(vg.Name, vg.Capacity, vg.Capacity).RecordExisting(LedgerHolder, vg.Used));
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var units = new List<DemandPlacement>(pod.PlacementOrder.Count);
        foreach (var demand in pod.PlacementOrder)
        {
            var pool = demand.Type switch
            {
                // A read-only restore mounts the snapshot LV: no capacity, its VG (§6.3).
                VolumeType.LVM when !demand.ConsumesCapacity => demand.Pin!.VolumeGroup,
                VolumeType.LVM => TakeVolumeGroup(pools, demand, strategy),
                VolumeType.Device => TakeExclusive(node.Devices, taken, demand),
                _ => TakeExclusive(node.MountPoints, taken, demand),
            };
            if (pool is not null)
                units.Add(new DemandPlacement(demand, pool));
        }
        return units;
    }

    private static string? TakeVolumeGroup(List<VolumeGroupPool> pools, StorageDemand demand, PlacementStrategy strategy)
    {
        var chosen = VolumeGroupPlacement.Choose(pools, demand.SizeBytes, strategy, demand.VolumeGroup);
        if (chosen is null)
            return null;
        pools[pools.FindIndex(p => p.Name == chosen.Name)] = chosen.Allocate(demand.Key, demand.SizeBytes);
        return chosen.Name;
    }

    // The node lists resources by capacity, then name: the first that fits is the smallest (min-fit).
    private static string? TakeExclusive(IReadOnlyList<ExclusiveState> resources, HashSet<string> taken, StorageDemand demand)
    {
        foreach (var resource in resources)
        {
            if (resource.IsTaken || taken.Contains(resource.Name) || resource.Capacity < demand.SizeBytes)
                continue;
            if (demand.Media is { } media && resource.Media != media)
                continue;
            taken.Add(resource.Name);
            return resource.Name;
        }
        return null;
    }
}
