namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// Working memory for evaluating one pod against one node: the VG free space as this pod consumes
/// it, the exclusive resources it has taken, and what each demand got. One instance per thread is
/// reused for every node of every request, so the request path allocates nothing per node
/// (extender.md §11).
/// </summary>
public sealed class SchedulingScratch
{
    [ThreadStatic]
    private static SchedulingScratch? t_current;

    internal long[] VolumeGroupFree { get; private set; } = new long[8];
    internal long[] VolumeGroupAlloc { get; private set; } = new long[8];
    internal bool[] DeviceTaken { get; private set; } = new bool[16];
    internal bool[] MountPointTaken { get; private set; } = new bool[16];

    /// <summary>Capacity of the resource each Device / MountPoint demand got (index = demand order).</summary>
    internal long[] DeviceAssigned { get; private set; } = new long[8];
    internal long[] MountPointAssigned { get; private set; } = new long[8];

    public static SchedulingScratch ForCurrentThread() => t_current ??= new SchedulingScratch();

    internal void Reset(NodeSnapshot node, PodDemands pod)
    {
        var vgs = node.VolumeGroupArray;
        if (VolumeGroupFree.Length < vgs.Length)
        {
            VolumeGroupFree = new long[vgs.Length * 2];
            VolumeGroupAlloc = new long[vgs.Length * 2];
        }
        for (var i = 0; i < vgs.Length; i++)
        {
            VolumeGroupFree[i] = vgs[i].Free;
            VolumeGroupAlloc[i] = 0;
        }
        DeviceTaken = ResetTaken(DeviceTaken, node.DeviceArray);
        MountPointTaken = ResetTaken(MountPointTaken, node.MountPointArray);
        if (DeviceAssigned.Length < pod.DeviceCount)
            DeviceAssigned = new long[pod.DeviceCount * 2];
        if (MountPointAssigned.Length < pod.MountPointCount)
            MountPointAssigned = new long[pod.MountPointCount * 2];
    }

    private static bool[] ResetTaken(bool[] taken, ExclusiveState[] resources)
    {
        if (taken.Length < resources.Length)
            taken = new bool[resources.Length * 2];
        for (var i = 0; i < resources.Length; i++)
            taken[i] = resources[i].IsTaken;
        return taken;
    }
}
