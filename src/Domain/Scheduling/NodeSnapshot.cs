using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// Immutable scheduling view of one node (extender.md §6.1): filtered VGs with allocatable and
/// ledger bytes, filtered devices and eligible mount points with their taken flags, sorted the way
/// the checks walk them, and the counts the checks and scores need, precomputed so that evaluating
/// a pod against the node allocates nothing.
/// </summary>
public sealed class NodeSnapshot
{
    private NodeSnapshot(
        NodeStorageReport report,
        VolumeGroupState[] volumeGroups,
        ExclusiveState[] devices,
        ExclusiveState[] mountPoints,
        VolumeRecord[] volumes,
        string hostname)
    {
        // Allocated right after this object, so a lookup and a check read adjacent memory (ADR-0045).
        Figures = NodeFigures.Pack(report.NodeName, report.Spdk, volumeGroups, devices, mountPoints);
        Name = report.NodeName;
        Hostname = hostname;
        Report = report;
        Volumes = volumes;
        VolumeGroupArray = volumeGroups;
        DeviceArray = devices;
        MountPointArray = mountPoints;
    }

    // Declared first: the runtime lays reference fields out in declaration order, so the hot path's
    // only field shares the object's first cache line with its header.

    /// <summary>What lookups and checks read, packed (<see cref="NodeFigures"/>).</summary>
    internal long[] Figures { get; }

    public string Name { get; }

    /// <summary>The name as UTF-8, the form requests carry it in (ADR-0041).</summary>
    public ReadOnlySpan<byte> Utf8Name => NodeFigures.Name(Figures);

    /// <summary>The Node's <c>kubernetes.io/hostname</c> label (PVs pin volumes by it); the node name when unknown.</summary>
    public string Hostname { get; }

    public bool Spdk => NodeFigures.IsSpdk(Figures);
    public NodeStorageReport Report { get; }

    /// <summary>Sorted by name (ordinal).</summary>
    public IReadOnlyList<VolumeGroupState> VolumeGroups => VolumeGroupArray;

    /// <summary>Sorted by capacity, then name: min-fit walks them in this order (§4.3).</summary>
    public IReadOnlyList<ExclusiveState> Devices => DeviceArray;

    /// <summary>Eligible mount points only, sorted like <see cref="Devices"/>.</summary>
    public IReadOnlyList<ExclusiveState> MountPoints => MountPointArray;

    /// <summary>Every volume placed on this node (PV-backed, LocalVolume or inline), for AllocatedNum and /cache.</summary>
    public IReadOnlyList<VolumeRecord> Volumes { get; }

    public int AllocatedNum => Volumes.Count;

    public bool HasAnyStorage => NodeFigures.WorkingLength(Figures) > NodeFigures.VolumeGroup(0);

    public int FreeDeviceCount => NodeFigures.FreeAny(Figures[NodeFigures.DeviceFree]);
    public int FreeMountPointCount => NodeFigures.FreeAny(Figures[NodeFigures.MountPointFree]);

    /// <summary>
    /// Builds the node from its report and the ledger entries placed on it. Volumes and snapshots
    /// naming a VG, device or mount point the node does not list still count in AllocatedNum but
    /// hold nothing schedulable.
    /// </summary>
    public static NodeSnapshot Build(NodeStorageReport report, IEnumerable<VolumeRecord> volumes, IEnumerable<SnapshotRecord> snapshots, string? hostname = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(snapshots);
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        var holders = new Dictionary<string, string>(StringComparer.Ordinal);
        var placed = new List<VolumeRecord>();
        foreach (var volume in volumes)
        {
            if (volume.Placement is not { } where)
                continue;
            placed.Add(volume);
            if (where.Type == VolumeType.LVM)
                used[where.Pool] = used.GetValueOrDefault(where.Pool) + volume.LedgerBytes;
            else
                holders.TryAdd(where.Pool, volume.VolumeId);
        }
        foreach (var snapshot in snapshots)
            used[snapshot.VolumeGroup] = used.GetValueOrDefault(snapshot.VolumeGroup) + snapshot.Bytes;

        var vgs = new VolumeGroupState[report.VolumeGroups.Count];
        for (var i = 0; i < vgs.Length; i++)
        {
            var vg = report.VolumeGroups[i];
            vgs[i] = new VolumeGroupState(vg.Name, vg.AllocatableBytes, used.GetValueOrDefault(vg.Name));
        }
        Array.Sort(vgs, static (a, b) => string.CompareOrdinal(a.Name, b.Name));

        var devices = new ExclusiveState[report.Devices.Count];
        for (var i = 0; i < devices.Length; i++)
        {
            var d = report.Devices[i];
            devices[i] = new ExclusiveState(d.Name, d.TotalBytes, d.Media, holders.GetValueOrDefault(d.Name), null, d.TotalBytes);
        }
        Array.Sort(devices, ExclusiveOrder);

        var mountPoints = new List<ExclusiveState>(report.MountPoints.Count);
        foreach (var mp in report.MountPoints)
        {
            if (mp.IsEligible)
                mountPoints.Add(new ExclusiveState(mp.Path, mp.TotalBytes, mp.Media, holders.GetValueOrDefault(mp.Path), mp.Device, mp.AvailableBytes));
        }
        mountPoints.Sort(ExclusiveOrder);

        placed.Sort(static (a, b) => string.CompareOrdinal(a.VolumeId, b.VolumeId));
        return new NodeSnapshot(report, vgs, devices, [.. mountPoints], [.. placed], hostname ?? report.NodeName);
    }

    // The public lists as arrays: names and figures for failure messages, placement and /cache.
    internal VolumeGroupState[] VolumeGroupArray { get; }
    internal ExclusiveState[] DeviceArray { get; }
    internal ExclusiveState[] MountPointArray { get; }

    private static int ExclusiveOrder(ExclusiveState a, ExclusiveState b) =>
        a.Capacity != b.Capacity ? a.Capacity.CompareTo(b.Capacity) : string.CompareOrdinal(a.Name, b.Name);
}

/// <summary>A filtered VG: <see cref="Capacity"/> = NLS allocatable, <see cref="Used"/> = ledger bytes.</summary>
public readonly record struct VolumeGroupState(string Name, long Capacity, long Used)
{
    public long Free => Capacity - Used;
}

/// <summary>
/// An exclusive device or mount point (a struct, so a node's resources sit in one array the checks
/// scan without chasing pointers). <see cref="HeldBy"/> is the volume id that holds it (null
/// while free); <see cref="Device"/> and <see cref="Available"/> are reported for mount points only.
/// </summary>
public readonly record struct ExclusiveState(string Name, long Capacity, MediaType? Media, string? HeldBy, string? Device, long Available)
{
    public bool IsTaken => HeldBy is not null;
}
