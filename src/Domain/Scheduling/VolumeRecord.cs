using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// One volume id as the capacity ledger knows it (crds.md §5), merged from every source that
/// mentions the id: its LocalVolume, its PersistentVolume, and — for inline ephemeral volumes whose
/// LocalVolume does not exist yet — the pod. Each source sets its own fields, so re-delivering an
/// object replaces rather than adds (no double counting on resync, known-defects E10), and the
/// volume counts from the moment its LocalVolume exists until the last source is gone.
/// </summary>
public sealed record VolumeRecord
{
    public required string VolumeId { get; init; }

    public LedgerSource? FromLocalVolume { get; init; }
    public LedgerSource? FromPersistentVolume { get; init; }
    public LedgerSource? FromInlinePod { get; init; }

    /// <summary>An in-flight assumption of the compatibility provisioning API (extender.md §7).</summary>
    public LedgerSource? FromAssumption { get; init; }

    public bool IsEmpty => FromLocalVolume is null && FromPersistentVolume is null && FromInlinePod is null && FromAssumption is null;

    /// <summary>Where the volume lives: the LocalVolume is authoritative, then the PV, then the pod, then an assumption.</summary>
    public LedgerSource? Placement => FromLocalVolume ?? FromPersistentVolume ?? FromInlinePod ?? FromAssumption;

    public string? NodeName => Placement?.NodeName;

    /// <summary>
    /// Bytes held in the pool: the largest size any source reports (an expansion raises the
    /// LocalVolume spec first, the PV capacity later). An inline pod counts only until its LocalVolume
    /// exists. An assumption (a new volume, or an expansion's new size) counts until it is dropped.
    /// A read-only restore has no LV of its own and holds nothing.
    /// </summary>
    public long LedgerBytes
    {
        get
        {
            if (Placement is not { } placement || placement.ReadOnlyRestore)
                return 0;
            var bytes = 0L;
            if (FromLocalVolume is { } lv)
                bytes = Math.Max(lv.SizeBytes, lv.CapacityBytes);
            if (FromPersistentVolume is { } pv)
                bytes = Math.Max(bytes, pv.SizeBytes);
            if (FromLocalVolume is null && FromInlinePod is { } pod)
                bytes = Math.Max(bytes, pod.SizeBytes);
            if (FromAssumption is { } assumed)
                bytes = Math.Max(bytes, assumed.SizeBytes);
            return bytes;
        }
    }

    /// <summary>What one source says about a volume. <see cref="Pool"/> is the VG, device path or mount path.</summary>
    public sealed record LedgerSource(string NodeName, VolumeType Type, string Pool, long SizeBytes)
    {
        public long CapacityBytes { get; init; }
        public bool ReadOnlyRestore { get; init; }
    }
}

/// <summary>A LocalSnapshot's COW LV: it holds capacity in its VG like a volume (crds.md §5).</summary>
public sealed record SnapshotRecord(string SnapshotId, string NodeName, string VolumeGroup, long Bytes);
