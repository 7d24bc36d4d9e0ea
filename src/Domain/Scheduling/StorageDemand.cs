using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// One local volume a pod needs before it can run on a node (extender.md §4.1): an unbound PVC of
/// our provisioner, a generic ephemeral volume's PVC, or a CSI inline volume (<see cref="Inline"/>).
/// <see cref="Key"/> is <c>namespace/name</c> of the PVC (inline: <c>namespace/pod/volume</c>) and
/// breaks ties in every ordering so the outcome does not depend on the volume order in the pod.
/// </summary>
public sealed record StorageDemand
{
    public required string Key { get; init; }
    public required VolumeType Type { get; init; }
    public required long SizeBytes { get; init; }

    /// <summary>LVM only: the VG the StorageClass or the inline attributes pin; null = any filtered VG.</summary>
    public string? VolumeGroup { get; init; }

    /// <summary>Device/MountPoint only: null accepts any media (ours; open-local required it).</summary>
    public MediaType? Media { get; init; }

    /// <summary>StorageClass/attribute <c>spdk: "true"</c>: only SPDK nodes may take it (check 1).</summary>
    public bool Spdk { get; init; }

    public bool Inline { get; init; }

    /// <summary>A restore from a local snapshot: the node (and VG) are fixed by the snapshot (§6.3).</summary>
    public SnapshotPin? Pin { get; init; }

    /// <summary>A read-only restore mounts the snapshot LV itself, so it takes no capacity anywhere.</summary>
    public bool ConsumesCapacity => Pin is not { Mode: RestoreMode.ReadOnly };
}

/// <summary>Where the snapshot a PVC restores from lives; <see cref="Snapshot"/> is <c>namespace/name</c>.</summary>
public sealed record SnapshotPin(string Snapshot, string NodeName, string VolumeGroup, RestoreMode Mode);
