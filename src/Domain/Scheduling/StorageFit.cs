using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// The predicates (extender.md §4.2): whether a node can hold every local volume of a pod at once.
/// All demands draw on one working copy of the node's free space (cumulative, known-defects E7),
/// checked in the spec's order so the first failure is the one open-local would report. Pure and
/// allocation-free except for the failure text, which is part of the answer.
/// </summary>
public static class StorageFit
{
    /// <returns>null when the node fits, else the failure reason.</returns>
    public static string? Check(NodeSnapshot? node, string nodeName, PodDemands pod, PlacementStrategy strategy, SchedulingScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(scratch);
        if (pod.RequestFailure is not null)
            return pod.RequestFailure;
        if (!pod.HasLocalDemands)
            return null;
        // #0: pods with local demands need the node's NodeLocalStorage; others never get here (E4).
        if (node is null)
            return FitMessages.NodeLocalStorageNotFound(nodeName);
        // #1: SPDK and ordinary volumes never share a node.
        if (node.Spdk ? pod.AnyNonSpdk : pod.AnySpdk)
            return FitMessages.SpdkMismatch(nodeName, node.Spdk);

        scratch.Reset(node, pod);
        return PlaceVolumeGroups(node, nodeName, pod, strategy, scratch)
            ?? PlaceExclusive(node.DeviceArray, node.DeviceCounts, pod.Devices, scratch.DeviceTaken, scratch.DeviceAssigned, VolumeType.Device, nodeName)
            ?? PlaceExclusive(node.MountPointArray, node.MountPointCounts, pod.MountPoints, scratch.MountPointTaken, scratch.MountPointAssigned, VolumeType.MountPoint, nodeName)
            ?? CheckPins(pod, nodeName);
    }

    // #2 inline, #3 LVM with vgName, #4 LVM placed by the strategy (§5.1).
    private static string? PlaceVolumeGroups(NodeSnapshot node, string nodeName, PodDemands pod, PlacementStrategy strategy, SchedulingScratch scratch)
    {
        var vgs = node.VolumeGroupArray;
        var free = scratch.VolumeGroupFree;
        var alloc = scratch.VolumeGroupAlloc;
        foreach (var d in pod.Inline)
        {
            if (TakeNamed(vgs, free, alloc, d, nodeName) is { } failure)
                return failure;
        }
        foreach (var d in pod.PinnedLvm)
        {
            if (TakeNamed(vgs, free, alloc, d, nodeName) is { } failure)
                return failure;
        }
        if (pod.UnpinnedLvm.Length == 0)
            return null;
        if (vgs.Length == 0)
            return FitMessages.NoLvmConfigured(nodeName);
        foreach (var d in pod.UnpinnedLvm)
        {
            var chosen = -1;
            var roomiest = 0;
            for (var i = 0; i < vgs.Length; i++)
            {
                if (free[i] > free[roomiest])
                    roomiest = i;
                if (free[i] < d.SizeBytes)
                    continue;
                // Ties keep the earlier index, i.e. the smaller name (VGs are sorted by name).
                if (chosen < 0 || (strategy == PlacementStrategy.Binpack ? free[i] < free[chosen] : free[i] > free[chosen]))
                    chosen = i;
            }
            if (chosen < 0)
                return FitMessages.InsufficientLvm(nodeName, vgs[roomiest].Name, d.SizeBytes, vgs[roomiest].Used, vgs[roomiest].Capacity);
            free[chosen] -= d.SizeBytes;
            alloc[chosen] += d.SizeBytes;
        }
        return null;
    }

    private static string? TakeNamed(VolumeGroupState[] vgs, long[] free, long[] alloc, StorageDemand d, string nodeName)
    {
        for (var i = 0; i < vgs.Length; i++)
        {
            if (!string.Equals(vgs[i].Name, d.VolumeGroup, StringComparison.Ordinal))
                continue;
            if (free[i] < d.SizeBytes)
                return FitMessages.InsufficientLvm(nodeName, vgs[i].Name, d.SizeBytes, vgs[i].Used, vgs[i].Capacity);
            free[i] -= d.SizeBytes;
            alloc[i] += d.SizeBytes;
            return null;
        }
        return FitMessages.NoSuchVolumeGroup(d.VolumeGroup!, nodeName);
    }

    // #5/#6 (Device) and #7 (MountPoint): counts per media, then min-fit matching (§4.3). Demands are
    // sorted ssd, hdd, any; each by size ascending. Resources are sorted by capacity ascending.
    private static string? PlaceExclusive(
        ExclusiveState[] resources, ExclusiveCounts counts, StorageDemand[] demands,
        bool[] taken, long[] assigned, VolumeType type, string nodeName)
    {
        if (demands.Length == 0)
            return null;
        var ssd = 0;
        var hdd = 0;
        foreach (var d in demands)
        {
            if (d.Media == MediaType.Ssd)
                ssd++;
            else if (d.Media == MediaType.Hdd)
                hdd++;
        }
        if (CountFailure(type, MediaType.Ssd, ssd, counts.FreeSsd, counts.TotalSsd, nodeName) is { } ssdFailure)
            return ssdFailure;
        if (CountFailure(type, MediaType.Hdd, hdd, counts.FreeHdd, counts.TotalHdd, nodeName) is { } hddFailure)
            return hddFailure;
        var specific = ssd + hdd;
        for (var i = 0; i < specific; i++)
        {
            if (MatchOne(resources, demands[i], taken, assigned, i, type, nodeName) is { } failure)
                return failure;
        }
        // "Any media" demands: counted against what the media-specific ones left (§4.3).
        var any = demands.Length - specific;
        if (any == 0)
            return null;
        var remaining = 0;
        for (var r = 0; r < resources.Length; r++)
        {
            if (!taken[r])
                remaining++;
        }
        if (CountFailure(type, null, any, remaining, counts.TotalAny, nodeName) is { } anyFailure)
            return anyFailure;
        for (var i = specific; i < demands.Length; i++)
        {
            if (MatchOne(resources, demands[i], taken, assigned, i, type, nodeName) is { } failure)
                return failure;
        }
        return null;
    }

    private static string? CountFailure(VolumeType type, MediaType? media, int requested, int free, int total, string nodeName)
    {
        if (requested <= free)
            return null;
        return type == VolumeType.Device
            ? FitMessages.InsufficientDeviceCount(media, nodeName, requested, free, total)
            : FitMessages.InsufficientMountPointCount(media, nodeName, requested, free, total);
    }

    // Smallest remaining resource of the demand's media with capacity >= size; each used once.
    private static string? MatchOne(ExclusiveState[] resources, StorageDemand d, bool[] taken, long[] assigned, int index, VolumeType type, string nodeName)
    {
        for (var r = 0; r < resources.Length; r++)
        {
            if (taken[r] || resources[r].Capacity < d.SizeBytes || (d.Media is { } m && resources[r].Media != m))
                continue;
            taken[r] = true;
            assigned[index] = resources[r].Capacity;
            return null;
        }
        var largest = 0L;
        foreach (var r in resources)
        {
            if (!r.IsTaken && (d.Media is not { } media || r.Media == media) && r.Capacity > largest)
                largest = r.Capacity;
        }
        return FitMessages.InsufficientExclusive(type, d.SizeBytes, nodeName, largest);
    }

    // #8: a restore can only run where its snapshot is (§6.3).
    private static string? CheckPins(PodDemands pod, string nodeName)
    {
        foreach (var d in pod.Restores)
        {
            if (!string.Equals(d.Pin!.NodeName, nodeName, StringComparison.Ordinal))
                return FitMessages.SnapshotOnOtherNode(d.Pin.Snapshot, d.Pin.NodeName);
        }
        return null;
    }
}
