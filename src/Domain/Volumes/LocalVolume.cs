using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Throttling;

namespace OpenLocal.Domain.Volumes;

/// <summary>
/// One provisioned volume: where it was placed (node + pool) and what the node made of it.
/// Immutable; every state change returns a new instance, so stores and caches never alias.
/// <see cref="Pool"/> is the VG name (LVM), the device path (Device) or the mount path (MountPoint).
/// </summary>
public sealed record LocalVolume
{
    public const int MaxIdBytes = 128;

    public LocalVolume(string id, string nodeName, VolumeType type, string pool, long sizeBytes)
    {
        if (string.IsNullOrEmpty(id) || System.Text.Encoding.UTF8.GetByteCount(id) > MaxIdBytes)
            throw StorageException.InvalidArgument($"volume id must be 1..{MaxIdBytes} bytes");
        if (string.IsNullOrEmpty(nodeName))
            throw StorageException.InvalidArgument("volume node name must not be empty");
        if (string.IsNullOrEmpty(pool))
            throw StorageException.InvalidArgument($"volume {id} has no pool (VG, device or mount point)");
        if (sizeBytes < 1)
            throw StorageException.InvalidArgument($"volume {id} size must be at least 1 byte");
        Id = id;
        NodeName = nodeName;
        Type = type;
        Pool = pool;
        SizeBytes = sizeBytes;
    }

    public string Id { get; }
    public string NodeName { get; }
    public VolumeType Type { get; }
    public string Pool { get; }

    /// <summary>Requested bytes; only ever grows (expansion).</summary>
    public long SizeBytes { get; private init; }

    public AccessType AccessType { get; init; } = AccessType.Mount;
    public string? FsType { get; init; }
    public LvmLayout Layout { get; init; } = LvmLayout.Linear;
    public VolumeSource? Source { get; init; }
    public EphemeralOwner? Ephemeral { get; init; }
    public ClaimRef? Claim { get; init; }
    public IoThrottle? Throttle { get; init; }

    /// <summary>The CSI volume context returned at creation (StorageClass parameters plus placement keys).</summary>
    public IReadOnlyDictionary<string, string> Context { get; init; } = new Dictionary<string, string>();

    public DateTimeOffset CreatedAt { get; init; }

    public VolumePhase Phase { get; private init; } = VolumePhase.Pending;

    /// <summary>Actual size the node provided (LV size, device size, mount-point size); 0 until ready.</summary>
    public long CapacityBytes { get; private init; }

    /// <summary>Block device (LVM, Device) or directory (MountPoint) on the node.</summary>
    public string? DevicePath { get; private init; }

    public FailureKind? FailureKind { get; private init; }
    public string? FailureMessage { get; private init; }

    /// <summary>A read-only restore has no LV of its own, so it never counts against pool capacity.</summary>
    public bool HoldsCapacity => Source is not { Mode: RestoreMode.ReadOnly };

    /// <summary>Bytes this volume holds in its pool's ledger: the larger of requested and actual.</summary>
    public long LedgerBytes => HoldsCapacity ? Math.Max(SizeBytes, CapacityBytes) : 0;

    public LocalVolume MarkReady(long capacityBytes, string devicePath)
    {
        if (Phase == VolumePhase.Deleting)
            throw StorageException.FailedPrecondition($"volume {Id} is being deleted");
        return this with
        {
            Phase = VolumePhase.Ready,
            CapacityBytes = capacityBytes,
            DevicePath = devicePath,
            FailureKind = null,
            FailureMessage = null,
        };
    }

    public LocalVolume MarkFailed(FailureKind kind, string message) =>
        Phase == VolumePhase.Deleting
            ? this
            : this with { Phase = VolumePhase.Failed, FailureKind = kind, FailureMessage = message };

    /// <summary>Raises the requested size; asking for less than the current size changes nothing.</summary>
    public LocalVolume RequestExpansion(long newSizeBytes)
    {
        if (Phase == VolumePhase.Deleting)
            throw StorageException.FailedPrecondition($"volume {Id} is being deleted");
        return newSizeBytes <= SizeBytes ? this : this with { SizeBytes = newSizeBytes };
    }

    /// <summary>True when the node still has to grow the volume to the requested size.</summary>
    public bool NeedsExpansion => Phase == VolumePhase.Ready && CapacityBytes < SizeBytes && HoldsCapacity;

    public LocalVolume BeginDeletion() => Phase == VolumePhase.Deleting ? this : this with { Phase = VolumePhase.Deleting };
}
