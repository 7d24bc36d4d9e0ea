using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// Everything the per-node checks need to know about one pod, computed once per request
/// (extender.md §11) and pre-sorted in the orders the checks consume them, so that evaluating a
/// node allocates nothing.
/// </summary>
public sealed class PodDemands
{
    private static readonly StorageDemand[] NoDemands = [];
    private StorageDemand[]? _placementOrder;

    private PodDemands(bool skipped, string? requestFailure, IReadOnlyList<StorageDemand> demands)
    {
        IsSkipped = skipped;
        RequestFailure = requestFailure;
        var inline = new List<StorageDemand>();
        var pinned = new List<StorageDemand>();
        var unpinned = new List<StorageDemand>();
        var devices = new List<StorageDemand>();
        var mountPoints = new List<StorageDemand>();
        var restores = new List<StorageDemand>();
        foreach (var d in demands)
        {
            if (d.Pin is not null)
                restores.Add(d);
            if (d.Spdk)
                AnySpdk = true;
            else
                AnyNonSpdk = true;
            switch (d.Type)
            {
                case VolumeType.LVM when d.Inline:
                    inline.Add(d);
                    break;
                case VolumeType.LVM when !d.ConsumesCapacity:
                    break;
                case VolumeType.LVM when d.VolumeGroup is not null:
                    pinned.Add(d);
                    break;
                case VolumeType.LVM:
                    unpinned.Add(d);
                    break;
                case VolumeType.Device:
                    devices.Add(d);
                    break;
                case VolumeType.MountPoint:
                    mountPoints.Add(d);
                    break;
            }
        }
        // §5.1: without a pinned VG, larger volumes are placed first; ties by PVC key.
        unpinned.Sort(static (a, b) => a.SizeBytes != b.SizeBytes ? b.SizeBytes.CompareTo(a.SizeBytes) : string.CompareOrdinal(a.Key, b.Key));
        // §4.3: ssd, then hdd, then "any media"; each group by size ascending, ties by key.
        devices.Sort(ExclusiveOrder);
        mountPoints.Sort(ExclusiveOrder);
        Inline = [.. inline];
        PinnedLvm = [.. pinned];
        UnpinnedLvm = [.. unpinned];
        Devices = [.. devices];
        MountPoints = [.. mountPoints];
        Restores = [.. restores];
        Count = demands.Count;
    }

    /// <summary>The pod has no PVC, CSI or ephemeral volume at all (open-local's NeedSkip): every node passes.</summary>
    public bool IsSkipped { get; }

    /// <summary>A problem of the pod, not of a node (missing PVC or StorageClass…): every node fails with it.</summary>
    public string? RequestFailure { get; }

    public int Count { get; }
    public bool HasLocalDemands => Count > 0;
    public bool AnySpdk { get; }
    public bool AnyNonSpdk { get; }

    internal StorageDemand[] Inline { get; }
    internal StorageDemand[] PinnedLvm { get; }
    internal StorageDemand[] UnpinnedLvm { get; }
    internal StorageDemand[] Devices { get; }
    internal StorageDemand[] MountPoints { get; }
    internal StorageDemand[] Restores { get; }

    /// <summary>
    /// Every demand in the order the predicates place them (§4.2, §5.1): inline, LVM with a VG, LVM
    /// by strategy, Device, MountPoint, then read-only restores (no capacity). Built on first use:
    /// only the compatibility API (§7) needs it, not the request path.
    /// </summary>
    public IReadOnlyList<StorageDemand> PlacementOrder => _placementOrder ??=
        [.. Inline, .. PinnedLvm, .. UnpinnedLvm, .. Devices, .. MountPoints, .. Restores.Where(static d => d.Type == VolumeType.LVM && !d.ConsumesCapacity)];

    public int DeviceCount => Devices.Length;
    public int MountPointCount => MountPoints.Length;

    public static PodDemands Skip { get; } = new(true, null, NoDemands);

    public static PodDemands None { get; } = new(false, null, NoDemands);

    public static PodDemands Failed(string reason) => new(false, reason, NoDemands);

    public static PodDemands Of(IReadOnlyList<StorageDemand> demands)
    {
        ArgumentNullException.ThrowIfNull(demands);
        return demands.Count == 0 ? None : new PodDemands(false, null, demands);
    }

    private static int ExclusiveOrder(StorageDemand a, StorageDemand b)
    {
        var ga = a.Media.HasValue ? (int)a.Media.Value : int.MaxValue;
        var gb = b.Media.HasValue ? (int)b.Media.Value : int.MaxValue;
        if (ga != gb)
            return ga.CompareTo(gb);
        return a.SizeBytes != b.SizeBytes ? a.SizeBytes.CompareTo(b.SizeBytes) : string.CompareOrdinal(a.Key, b.Key);
    }
}
