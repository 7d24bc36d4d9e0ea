using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Snapshots;

/// <summary>When and by how much the agent grows a copy-on-write snapshot LV.</summary>
public sealed record SnapshotExpansion
{
    public SnapshotExpansion(int thresholdPercent, long stepBytes)
    {
        if (thresholdPercent is < 1 or > 100)
            throw StorageException.InvalidArgument("snapshot expansion threshold must be 1..100 percent");
        if (stepBytes < 1)
            throw StorageException.InvalidArgument("snapshot expansion step must be at least 1 byte");
        ThresholdPercent = thresholdPercent;
        StepBytes = stepBytes;
    }

    public int ThresholdPercent { get; }
    public long StepBytes { get; }

    public static SnapshotExpansion Default { get; } = new(50, 1L << 30);
}

/// <summary>An LVM thick copy-on-write snapshot on its source volume's node and VG.</summary>
public sealed record Snapshot
{
    public Snapshot(string id, string sourceVolumeId, string nodeName, string volumeGroup, long initialSizeBytes)
    {
        if (string.IsNullOrEmpty(id) || System.Text.Encoding.UTF8.GetByteCount(id) > LocalVolume.MaxIdBytes)
            throw StorageException.InvalidArgument($"snapshot id must be 1..{LocalVolume.MaxIdBytes} bytes");
        if (string.IsNullOrEmpty(sourceVolumeId))
            throw StorageException.InvalidArgument("snapshot source volume id must not be empty");
        if (initialSizeBytes < 1)
            throw StorageException.InvalidArgument("snapshot initial size must be at least 1 byte");
        Id = id;
        SourceVolumeId = sourceVolumeId;
        NodeName = nodeName;
        VolumeGroup = volumeGroup;
        InitialSizeBytes = initialSizeBytes;
    }

    public string Id { get; }
    public string SourceVolumeId { get; }
    public string NodeName { get; }
    public string VolumeGroup { get; }
    public long InitialSizeBytes { get; }

    /// <summary>VolumeSnapshotClass <c>csi.aliyun.com/readonly: "true"</c>: restores default to read-only mode.</summary>
    public bool ReadOnly { get; init; }

    public SnapshotExpansion Expansion { get; init; } = SnapshotExpansion.Default;
    public VolumePhase Phase { get; private init; } = VolumePhase.Pending;
    public long CapacityBytes { get; private init; }
    public int UsedPercent { get; private init; }
    public DateTimeOffset CreatedAt { get; init; }
    public FailureKind? FailureKind { get; private init; }
    public string? FailureMessage { get; private init; }

    /// <summary>
    /// The source volume's size when the snapshot was taken (it cannot change while the snapshot
    /// exists: ADR-0031); 0 when a store did not keep it and the reader has not filled it in.
    /// </summary>
    public long SourceSizeBytes { get; init; }

    /// <summary>
    /// What CSI reports as <c>size_bytes</c>, i.e. the VolumeSnapshot's <c>restoreSize</c>: the smallest
    /// restore this snapshot's default mode accepts (csi.md §8, ADR-0051). Read-only restores take any
    /// size, so the COW size as open-local; a copy needs the whole source.
    /// </summary>
    public long RestoreSizeBytes => ReadOnly ? InitialSizeBytes : Math.Max(InitialSizeBytes, SourceSizeBytes);

    public long LedgerBytes => Math.Max(InitialSizeBytes, CapacityBytes);

    public Snapshot MarkReady(long capacityBytes, DateTimeOffset createdAt) =>
        this with { Phase = VolumePhase.Ready, CapacityBytes = capacityBytes, CreatedAt = createdAt, FailureKind = null, FailureMessage = null };

    public Snapshot MarkFailed(FailureKind kind, string message) =>
        this with { Phase = VolumePhase.Failed, FailureKind = kind, FailureMessage = message };

    public Snapshot ReportUsage(long capacityBytes, int usedPercent) =>
        this with { CapacityBytes = capacityBytes, UsedPercent = Math.Clamp(usedPercent, 0, 100) };

    /// <summary>The bytes to grow by, or 0 when usage is under the threshold.</summary>
    public long ExpansionDue() => UsedPercent >= Expansion.ThresholdPercent ? Expansion.StepBytes : 0;

    public Snapshot BeginDeletion() => this with { Phase = VolumePhase.Deleting };
}
