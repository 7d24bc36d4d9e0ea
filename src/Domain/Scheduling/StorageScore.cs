using OpenLocal.Domain.Placement;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// The priorities (extender.md §5.3): capacity fit <c>c</c>, exclusive-count fit <c>k</c> and node
/// anti-affinity <c>a</c>, each a fraction in [0, 1]; <c>Score = floor(10 × Σ / n)</c> clamped to
/// [0, 10]. Computed in <see cref="decimal"/> so that values like 0.3 × 10 floor to 3, not 2.
/// Unlike open-local, binpack scores post-allocation utilisation (fuller nodes win, E17) and the
/// sum is normalised (E18).
/// </summary>
public static class StorageScore
{
    public const int MaxScore = 10;

    public static int Score(NodeSnapshot? node, string nodeName, PodDemands pod, PlacementStrategy strategy, NodeAntiAffinity antiAffinity, SchedulingScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(antiAffinity);
        if (pod.RequestFailure is not null || (pod.IsSkipped && !antiAffinity.IsConfigured))
            return 0;
        decimal sum;
        var components = 1;
        if (!pod.HasLocalDemands)
        {
            sum = node is { HasAnyStorage: true } ? 0m : 1m;
        }
        else
        {
            if (node is null || StorageFit.Check(node, nodeName, pod, strategy, scratch) is not null)
                return 0;
            sum = Capacity(node, pod, strategy, scratch);
        }
        if (pod.DeviceCount > 0 || pod.MountPointCount > 0)
        {
            sum += Count(node!, pod);
            components++;
        }
        if (antiAffinity.IsConfigured)
        {
            sum += AntiAffinity(node, pod, antiAffinity);
            components++;
        }
        var score = (int)decimal.Floor(sum * MaxScore / components);
        return Math.Clamp(score, 0, MaxScore);
    }

    // c: mean over the parts present (LVM incl. inline, Device, MountPoint) — relies on the
    // assignments StorageFit.Check just left in the scratch.
    private static decimal Capacity(NodeSnapshot node, PodDemands pod, PlacementStrategy strategy, SchedulingScratch scratch)
    {
        var parts = 0;
        var total = 0m;
        var vgs = node.VolumeGroupArray;
        var touched = 0;
        var lvm = 0m;
        for (var i = 0; i < vgs.Length; i++)
        {
            var alloc = scratch.VolumeGroupAlloc[i];
            if (alloc <= 0 || vgs[i].Capacity <= 0)
                continue;
            var utilisation = (decimal)(vgs[i].Used + alloc) / vgs[i].Capacity;
            lvm += strategy == PlacementStrategy.Binpack ? utilisation : 1m - utilisation;
            touched++;
        }
        if (touched > 0)
        {
            total += lvm / touched;
            parts++;
        }
        if (pod.Devices.Length > 0)
        {
            total += ExclusiveFill(pod.Devices, scratch.DeviceAssigned);
            parts++;
        }
        if (pod.MountPoints.Length > 0)
        {
            total += ExclusiveFill(pod.MountPoints, scratch.MountPointAssigned);
            parts++;
        }
        return parts == 0 ? 0m : total / parts;
    }

    private static decimal ExclusiveFill(StorageDemand[] demands, long[] assigned)
    {
        var sum = 0m;
        for (var i = 0; i < demands.Length; i++)
            sum += assigned[i] > 0 ? (decimal)demands[i].SizeBytes / assigned[i] : 0m;
        return sum / demands.Length;
    }

    // k: mean over the exclusive types the pod asks for of min(1, n_T / free_T).
    private static decimal Count(NodeSnapshot node, PodDemands pod)
    {
        var sum = 0m;
        var types = 0;
        if (pod.DeviceCount > 0)
        {
            sum += Fraction(pod.DeviceCount, node.FreeDeviceCount);
            types++;
        }
        if (pod.MountPointCount > 0)
        {
            sum += Fraction(pod.MountPointCount, node.FreeMountPointCount);
            types++;
        }
        return sum / types;
    }

    private static decimal Fraction(int requested, int free) => free <= requested ? 1m : (decimal)requested / free;

    // a: open-local's trigger — the pod asks for no volume of type T and the node has none free.
    private static decimal AntiAffinity(NodeSnapshot? node, PodDemands pod, NodeAntiAffinity weights)
    {
        var local = node is { HasAnyStorage: true };
        var sum = 0;
        var triggered = 0;
        if (weights.MountPointWeight > 0 && pod.MountPointCount == 0 && (!local || node!.FreeMountPointCount == 0))
        {
            sum += weights.MountPointWeight;
            triggered++;
        }
        if (weights.DeviceWeight > 0 && pod.DeviceCount == 0 && (!local || node!.FreeDeviceCount == 0))
        {
            sum += weights.DeviceWeight;
            triggered++;
        }
        return triggered == 0 ? 0m : (decimal)sum / triggered / NodeAntiAffinity.MaxWeight;
    }
}
