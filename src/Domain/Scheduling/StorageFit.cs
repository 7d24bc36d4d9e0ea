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
        var figures = node.Figures;
        var spdk = NodeFigures.IsSpdk(figures);
        if (spdk ? pod.AnyNonSpdk : pod.AnySpdk)
            return FitMessages.SpdkMismatch(nodeName, spdk);

        scratch.Reset(node, pod);
        var work = scratch.Figures;
        return PlaceVolumeGroups(node, work, nodeName, pod, strategy)
            ?? PlaceExclusive(figures, work, NodeFigures.DeviceSlots(figures), figures[NodeFigures.DeviceFree], pod.Devices, scratch.DeviceAssigned, VolumeType.Device, nodeName)
            ?? PlaceExclusive(figures, work, NodeFigures.MountPointSlots(figures), figures[NodeFigures.MountPointFree], pod.MountPoints, scratch.MountPointAssigned, VolumeType.MountPoint, nodeName)
            ?? CheckPins(pod, nodeName);
    }

    // #2 inline, #3 LVM with vgName, #4 LVM placed by the strategy (§5.1). VG i's capacity and used
    // bytes are at NodeFigures.VolumeGroup(i) and the index after; taking space grows the used bytes.
    private static string? PlaceVolumeGroups(NodeSnapshot node, long[] work, string nodeName, PodDemands pod, PlacementStrategy strategy)
    {
        foreach (var d in pod.Inline)
        {
            if (TakeNamed(node, work, d, nodeName) is { } failure)
                return failure;
        }
        foreach (var d in pod.PinnedLvm)
        {
            if (TakeNamed(node, work, d, nodeName) is { } failure)
                return failure;
        }
        if (pod.UnpinnedLvm.Length == 0)
            return null;
        var count = NodeFigures.VolumeGroupCount(work);
        if (count == 0)
            return FitMessages.NoLvmConfigured(nodeName);
        foreach (var d in pod.UnpinnedLvm)
        {
            var chosen = -1;
            var chosenFree = 0L;
            var roomiest = 0;
            var roomiestFree = Free(work, 0);
            for (var i = 0; i < count; i++)
            {
                var free = Free(work, i);
                if (free > roomiestFree)
                    (roomiest, roomiestFree) = (i, free);
                if (free < d.SizeBytes)
                    continue;
                // Ties keep the earlier index, i.e. the smaller name (VGs are sorted by name).
                if (chosen < 0 || (strategy == PlacementStrategy.Binpack ? free < chosenFree : free > chosenFree))
                    (chosen, chosenFree) = (i, free);
            }
            if (chosen < 0)
            {
                var vg = node.VolumeGroupArray[roomiest];
                return FitMessages.InsufficientLvm(nodeName, vg.Name, d.SizeBytes, vg.Used, vg.Capacity);
            }
            work[NodeFigures.VolumeGroup(chosen) + 1] += d.SizeBytes;
        }
        return null;
    }

    private static long Free(long[] work, int vg) => work[NodeFigures.VolumeGroup(vg)] - work[NodeFigures.VolumeGroup(vg) + 1];

    private static string? TakeNamed(NodeSnapshot node, long[] work, StorageDemand d, string nodeName)
    {
        var vgs = node.VolumeGroupArray;
        for (var i = 0; i < vgs.Length; i++)
        {
            if (!string.Equals(vgs[i].Name, d.VolumeGroup, StringComparison.Ordinal))
                continue;
            if (Free(work, i) < d.SizeBytes)
                return FitMessages.InsufficientLvm(nodeName, vgs[i].Name, d.SizeBytes, vgs[i].Used, vgs[i].Capacity);
            work[NodeFigures.VolumeGroup(i) + 1] += d.SizeBytes;
            return null;
        }
        return FitMessages.NoSuchVolumeGroup(d.VolumeGroup!, nodeName);
    }

    // #5/#6 (Device) and #7 (MountPoint): counts per media, then min-fit matching (§4.3). Demands are
    // sorted ssd, hdd, any; each by size ascending. Slots are sorted by capacity ascending.
    private static string? PlaceExclusive(
        long[] figures, long[] work, Range slots, long free, StorageDemand[] demands,
        long[] assigned, VolumeType type, string nodeName)
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
        if (ssd > NodeFigures.FreeSsd(free))
            return CountFailure(figures, slots, type, MediaType.Ssd, ssd, NodeFigures.FreeSsd(free), nodeName);
        if (hdd > NodeFigures.FreeHdd(free))
            return CountFailure(figures, slots, type, MediaType.Hdd, hdd, NodeFigures.FreeHdd(free), nodeName);
        var specific = ssd + hdd;
        for (var i = 0; i < specific; i++)
        {
            if (MatchOne(figures, work, slots, demands[i], assigned, i, type, nodeName) is { } failure)
                return failure;
        }
        // "Any media" demands: counted against what the media-specific ones left (§4.3).
        var any = demands.Length - specific;
        if (any == 0)
            return null;
        var remaining = 0;
        foreach (var slot in work.AsSpan(slots))
        {
            if (!NodeFigures.IsTaken(slot))
                remaining++;
        }
        if (any > remaining)
            return CountFailure(figures, slots, type, null, any, remaining, nodeName);
        for (var i = specific; i < demands.Length; i++)
        {
            if (MatchOne(figures, work, slots, demands[i], assigned, i, type, nodeName) is { } failure)
                return failure;
        }
        return null;
    }

    private static string CountFailure(long[] figures, Range slots, VolumeType type, MediaType? media, int requested, int free, string nodeName)
    {
        var total = 0;
        foreach (var slot in figures.AsSpan(slots))
            total += NodeFigures.HasMedia(slot, NodeFigures.MediaCode(media)) ? 1 : 0;
        return type == VolumeType.Device
            ? FitMessages.InsufficientDeviceCount(media, nodeName, requested, free, total)
            : FitMessages.InsufficientMountPointCount(media, nodeName, requested, free, total);
    }

    // Smallest remaining resource of the demand's media with capacity >= size; each used once.
    private static string? MatchOne(long[] figures, long[] work, Range slots, StorageDemand d, long[] assigned, int index, VolumeType type, string nodeName)
    {
        var media = NodeFigures.MediaCode(d.Media);
        var (start, length) = slots.GetOffsetAndLength(work.Length);
        for (var r = start; r < start + length; r++)
        {
            var slot = work[r];
            if (NodeFigures.IsTaken(slot) || NodeFigures.Capacity(slot) < d.SizeBytes || !NodeFigures.HasMedia(slot, media))
                continue;
            work[r] = NodeFigures.Take(slot);
            assigned[index] = NodeFigures.Capacity(slot);
            return null;
        }
        // The message names the largest resource that was free before this pod, as open-local does.
        var largest = 0L;
        foreach (var slot in figures.AsSpan(slots))
        {
            if (!NodeFigures.IsTaken(slot) && NodeFigures.HasMedia(slot, media) && NodeFigures.Capacity(slot) > largest)
                largest = NodeFigures.Capacity(slot);
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
