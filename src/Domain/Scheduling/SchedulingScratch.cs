namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// Working memory for evaluating one pod against one node: a copy of the node's
/// <see cref="NodeSnapshot.Figures"/> that the pod's demands consume (VG used bytes grow, exclusive
/// slots get their taken flag), and the capacity each exclusive demand got. One instance per thread
/// is reused for every node of every request, so the request path allocates nothing per node
/// (extender.md §11).
/// </summary>
public sealed class SchedulingScratch
{
    [ThreadStatic]
    private static SchedulingScratch? t_current;

    /// <summary>The node's figures as this pod leaves them; the original stays in the snapshot.</summary>
    internal long[] Figures { get; private set; } = new long[32];

    /// <summary>Capacity of the resource each Device / MountPoint demand got (index = demand order).</summary>
    internal long[] DeviceAssigned { get; private set; } = new long[8];
    internal long[] MountPointAssigned { get; private set; } = new long[8];

    public static SchedulingScratch ForCurrentThread() => t_current ??= new SchedulingScratch();

    internal void Reset(NodeSnapshot node, PodDemands pod)
    {
        var figures = node.Figures;
        var length = NodeFigures.WorkingLength(figures);
        if (Figures.Length < length)
            Figures = new long[length * 2];
        figures.AsSpan(0, length).CopyTo(Figures);
        if (DeviceAssigned.Length < pod.DeviceCount)
            DeviceAssigned = new long[pod.DeviceCount * 2];
        if (MountPointAssigned.Length < pod.MountPointCount)
            MountPointAssigned = new long[pod.MountPointCount * 2];
    }
}
