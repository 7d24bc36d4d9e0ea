namespace OpenLocal.Domain.Volumes;

/// <summary>StorageClass parameter <c>volumeType</c> (case-sensitive on the wire: LVM, Device, MountPoint).</summary>
public enum VolumeType
{
    LVM,
    Device,
    MountPoint,
}

/// <summary>How a workload sees the volume: a filesystem (mount) or a raw block device.</summary>
public enum AccessType
{
    Mount,
    Block,
}

/// <summary>Exclusive resources are chosen by media; derived from sysfs <c>queue/rotational</c>.</summary>
public enum MediaType
{
    Ssd,
    Hdd,
}

/// <summary>Lifecycle of a <see cref="LocalVolume"/> or snapshot as the node reports it.</summary>
public enum VolumePhase
{
    Pending,
    Ready,
    Failed,
    Deleting,
}

/// <summary>LVM allocation layout (StorageClass parameter <c>lvmType</c>).</summary>
public enum LvmLayout
{
    Linear,
    Striping,
}

/// <summary>How a volume restored from a snapshot gets its data (csi.md §8).</summary>
public enum RestoreMode
{
    /// <summary>No new LV: the snapshot LV itself is mounted read-only (open-local semantics).</summary>
    ReadOnly,
    /// <summary>A new writable LV filled with the snapshot's blocks.</summary>
    Copy,
}
