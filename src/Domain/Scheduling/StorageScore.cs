using System.Numerics;
using OpenLocal.Domain.Placement;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// The priorities (extender.md §5.3): capacity fit <c>c</c>, exclusive-count fit <c>k</c> and node
/// anti-affinity <c>a</c>, each a fraction in [0, 1]; <c>Score = floor(10 × Σ / n)</c> clamped to
/// [0, 10]. Unlike open-local, binpack scores post-allocation utilisation (fuller nodes win, E17)
/// and the sum is normalised (E18).
/// </summary>
/// <remarks>
/// The spec asks for exact arithmetic so that e.g. (0.02 + 0.18) / 2 × 10 floors to 1, not 0.
/// The formula is written once over <see cref="INumber{T}"/>: it runs in <see cref="double"/>,
/// and only when the result lies within 1e-9 of an integer — where rounding could move the floor —
/// again in <see cref="decimal"/>, whose error (~1e-27) cannot. That keeps prioritize at 5,000 nodes
/// cheap (ADR-0027).
/// </remarks>
public static class StorageScore
{
    public const int MaxScore = 10;
    private const double Ambiguity = 1e-9;

    public static int Score(NodeSnapshot? node, string nodeName, PodDemands pod, PlacementStrategy strategy, NodeAntiAffinity antiAffinity, SchedulingScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(antiAffinity);
        if (pod.RequestFailure is not null || (pod.IsSkipped && !antiAffinity.IsConfigured))
            return 0;
        if (pod.HasLocalDemands && (node is null || StorageFit.Check(node, nodeName, pod, strategy, scratch) is not null))
            return 0;
        var fast = Scaled<double>(node, pod, strategy, antiAffinity, scratch);
        var floor = Math.Floor(fast);
        var score = fast - floor > Ambiguity && floor + 1 - fast > Ambiguity
            ? floor
            : (double)decimal.Floor(Scaled<decimal>(node, pod, strategy, antiAffinity, scratch));
        return Math.Clamp((int)score, 0, MaxScore);
    }

    // 10 × (c + k + a) / n, relying on the assignments StorageFit.Check just left in the scratch.
    private static T Scaled<T>(NodeSnapshot? node, PodDemands pod, PlacementStrategy strategy, NodeAntiAffinity antiAffinity, SchedulingScratch scratch)
        where T : INumber<T>
    {
        var sum = pod.HasLocalDemands
            ? Capacity<T>(node!, pod, strategy, scratch)
            : node is { HasAnyStorage: true } ? T.Zero : T.One;
        var components = 1;
        if (pod.DeviceCount > 0 || pod.MountPointCount > 0)
        {
            sum += Count<T>(node!, pod);
            components++;
        }
        if (antiAffinity.IsConfigured)
        {
            sum += AntiAffinity<T>(node, pod, antiAffinity);
            components++;
        }
        return sum * T.CreateTruncating(MaxScore) / T.CreateTruncating(components);
    }

    // c: mean over the parts present (LVM incl. inline, Device, MountPoint).
    private static T Capacity<T>(NodeSnapshot node, PodDemands pod, PlacementStrategy strategy, SchedulingScratch scratch)
        where T : INumber<T>
    {
        var parts = 0;
        var total = T.Zero;
        var before = node.Figures;
        var after = scratch.Figures;
        var touched = 0;
        var lvm = T.Zero;
        for (var i = 0; i < NodeFigures.VolumeGroupCount(before); i++)
        {
            // The VGs this pod takes space from, by how full they are after it (NodeFigures layout).
            var capacity = after[NodeFigures.VolumeGroup(i)];
            var used = after[NodeFigures.VolumeGroup(i) + 1];
            if (used <= before[NodeFigures.VolumeGroup(i) + 1] || capacity <= 0)
                continue;
            var utilisation = T.CreateTruncating(used) / T.CreateTruncating(capacity);
            lvm += strategy == PlacementStrategy.Binpack ? utilisation : T.One - utilisation;
            touched++;
        }
        if (touched > 0)
        {
            total += lvm / T.CreateTruncating(touched);
            parts++;
        }
        if (pod.Devices.Length > 0)
        {
            total += ExclusiveFill<T>(pod.Devices, scratch.DeviceAssigned);
            parts++;
        }
        if (pod.MountPoints.Length > 0)
        {
            total += ExclusiveFill<T>(pod.MountPoints, scratch.MountPointAssigned);
            parts++;
        }
        return parts == 0 ? T.Zero : total / T.CreateTruncating(parts);
    }

    private static T ExclusiveFill<T>(StorageDemand[] demands, long[] assigned)
        where T : INumber<T>
    {
        var sum = T.Zero;
        for (var i = 0; i < demands.Length; i++)
            sum += assigned[i] > 0 ? T.CreateTruncating(demands[i].SizeBytes) / T.CreateTruncating(assigned[i]) : T.Zero;
        return sum / T.CreateTruncating(demands.Length);
    }

    // k: mean over the exclusive types the pod asks for of min(1, n_T / free_T).
    private static T Count<T>(NodeSnapshot node, PodDemands pod)
        where T : INumber<T>
    {
        var sum = T.Zero;
        var types = 0;
        if (pod.DeviceCount > 0)
        {
            sum += Fraction<T>(pod.DeviceCount, node.FreeDeviceCount);
            types++;
        }
        if (pod.MountPointCount > 0)
        {
            sum += Fraction<T>(pod.MountPointCount, node.FreeMountPointCount);
            types++;
        }
        return sum / T.CreateTruncating(types);
    }

    private static T Fraction<T>(int requested, int free)
        where T : INumber<T> =>
        free <= requested ? T.One : T.CreateTruncating(requested) / T.CreateTruncating(free);

    // a: open-local's trigger — the pod asks for no volume of type T and the node has none free.
    private static T AntiAffinity<T>(NodeSnapshot? node, PodDemands pod, NodeAntiAffinity weights)
        where T : INumber<T>
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
        return triggered == 0 ? T.Zero : T.CreateTruncating(sum) / T.CreateTruncating(triggered * NodeAntiAffinity.MaxWeight);
    }
}
