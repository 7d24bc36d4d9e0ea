using System.Runtime.InteropServices;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// Everything a lookup and the checks read about one node, packed into one <c>long[]</c>
/// (ADR-0045), so that evaluating a pod against a node reads two adjacent cache lines instead of
/// a node object, arrays of records and their strings. At 5,000 nodes this is what decides whether
/// a request's working set stays in the cores' caches.
/// </summary>
/// <remarks>
/// Layout: five header longs, then per VG its capacity and used bytes, then one slot per device and
/// per mount point (in <see cref="NodeSnapshot"/>'s order), then the node name as UTF-8, eight
/// bytes per long. A check copies everything before the name into its scratch and consumes that.
/// </remarks>
internal static class NodeFigures
{
    private const int Shape = 0;         // VG count | device count << 32
    private const int MoreShape = 1;     // mount point count | name length << 32
    public const int DeviceFree = 2;     // free ssd | free hdd << 21 | free any << 42
    public const int MountPointFree = 3; // the same for mount points
    private const int Flags = 4;         // bit 0: SPDK node
    private const int HeaderLength = 5;

    // Exclusive slot: bits 0-55 capacity, 56-57 media (0 none, 1 + MediaType), 63 taken.
    private const long CapacityMask = (1L << 56) - 1;
    private const int MediaShift = 56;
    private const long TakenBit = long.MinValue;
    private const int CountBits = 21;
    private const int CountMask = (1 << CountBits) - 1;

    public static long[] Pack(string name, bool spdk, VolumeGroupState[] volumeGroups, ExclusiveState[] devices, ExclusiveState[] mountPoints)
    {
        // Encoded in place: no temporary array between the snapshot and its figures.
        var nameLength = System.Text.Encoding.UTF8.GetByteCount(name);
        var nameStart = HeaderLength + (2 * volumeGroups.Length) + devices.Length + mountPoints.Length;
        var figures = new long[nameStart + ((nameLength + 7) / 8)];
        figures[Shape] = (uint)volumeGroups.Length | ((long)devices.Length << 32);
        figures[MoreShape] = (uint)mountPoints.Length | ((long)nameLength << 32);
        figures[DeviceFree] = FreeCounts(devices);
        figures[MountPointFree] = FreeCounts(mountPoints);
        figures[Flags] = spdk ? 1 : 0;
        var at = HeaderLength;
        foreach (var vg in volumeGroups)
        {
            figures[at++] = vg.Capacity;
            figures[at++] = vg.Used;
        }
        foreach (var d in devices)
            figures[at++] = Slot(d);
        foreach (var m in mountPoints)
            figures[at++] = Slot(m);
        System.Text.Encoding.UTF8.GetBytes(name, MemoryMarshal.AsBytes(figures.AsSpan(nameStart)));
        return figures;
    }

    public static int VolumeGroupCount(long[] figures) => (int)figures[Shape];

    public static bool IsSpdk(long[] figures) => (figures[Flags] & 1) != 0;

    /// <summary>Index of VG <paramref name="i"/>'s capacity; its used bytes follow.</summary>
    public static int VolumeGroup(int i) => HeaderLength + (2 * i);

    public static Range DeviceSlots(long[] figures)
    {
        var start = VolumeGroup(VolumeGroupCount(figures));
        return new Range(start, start + (int)(figures[Shape] >>> 32));
    }

    public static Range MountPointSlots(long[] figures)
    {
        var start = DeviceSlots(figures).End.Value;
        return new Range(start, start + (int)figures[MoreShape]);
    }

    /// <summary>How many longs a check consumes: everything but the name.</summary>
    public static int WorkingLength(long[] figures) => MountPointSlots(figures).End.Value;

    public static ReadOnlySpan<byte> Name(long[] figures) =>
        MemoryMarshal.AsBytes(figures.AsSpan(WorkingLength(figures)))[..(int)(figures[MoreShape] >>> 32)];

    public static int FreeSsd(long counts) => (int)(counts & CountMask);
    public static int FreeHdd(long counts) => (int)((counts >> CountBits) & CountMask);
    public static int FreeAny(long counts) => (int)((counts >> (2 * CountBits)) & CountMask);

    public static long Capacity(long slot) => slot & CapacityMask;

    public static bool IsTaken(long slot) => slot < 0;

    public static long Take(long slot) => slot | TakenBit;

    /// <summary>0 for "any media", else 1 + the media: the code <see cref="HasMedia"/> compares.</summary>
    public static long MediaCode(MediaType? media) => media is { } m ? 1 + (long)m : 0;

    /// <summary>Whether the slot is of <paramref name="mediaCode"/>'s media; code 0 matches any.</summary>
    public static bool HasMedia(long slot, long mediaCode) => mediaCode == 0 || ((slot >> MediaShift) & 3) == mediaCode;

    // Capacities are clamped to 64 PiB - 1 B, far above any disk, so the flags fit beside them.
    private static long Slot(ExclusiveState resource) =>
        Math.Clamp(resource.Capacity, 0, CapacityMask) | (MediaCode(resource.Media) << MediaShift) | (resource.IsTaken ? TakenBit : 0);

    // A NodeLocalStorage is at most ~1.5 MB of JSON (etcd's object limit), far below 2^21 resources.
    private static long FreeCounts(ExclusiveState[] resources)
    {
        long ssd = 0, hdd = 0, any = 0;
        foreach (var r in resources)
        {
            if (r.IsTaken)
                continue;
            any++;
            ssd += r.Media == MediaType.Ssd ? 1 : 0;
            hdd += r.Media == MediaType.Hdd ? 1 : 0;
        }
        return Math.Min(ssd, CountMask) | (Math.Min(hdd, CountMask) << CountBits) | (Math.Min(any, CountMask) << (2 * CountBits));
    }
}
