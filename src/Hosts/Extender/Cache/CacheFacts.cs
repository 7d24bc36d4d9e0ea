using OpenLocal.Domain.Volumes;

namespace OpenLocal.Hosts.Extender.Cache;

// What the cache needs from each watched object (extender.md §6.2), decoupled from the
// Kubernetes object models so the event-application logic is pure and testable. The watch
// adapters translate objects into these; deletes carry the last known object.

/// <summary>A LocalVolume (crds.md §5). <see cref="Pool"/> = spec.vgName / spec.device / spec.mountPoint.</summary>
public sealed record LocalVolumeFact(string VolumeId, string NodeName, VolumeType Type, string Pool, long SpecBytes, long StatusBytes, bool ReadOnlyRestore);

/// <summary>
/// A PersistentVolume of our driver. <see cref="NodeName"/> comes from the <c>kubernetes.io/hostname</c>
/// node-affinity term; <see cref="Pool"/> from the volume attributes (vgName / Device / MountPoint).
/// </summary>
public sealed record PersistentVolumeFact(string Name, string VolumeId, string NodeName, VolumeType Type, string Pool, long CapacityBytes, string Phase)
{
    public string? ClaimNamespace { get; init; }
    public string? ClaimName { get; init; }

    /// <summary>An adopted open-local read-only restore (<c>csi.aliyun.com/readonly: "true"</c>): no LV of its own.</summary>
    public bool ReadOnlyRestore { get; init; }
}

/// <summary>A pod's CSI inline volumes of our driver; counted while the pod is bound and not terminated.</summary>
public sealed record PodFact(string Uid, string Namespace, string Name, string? NodeName, bool Terminated, IReadOnlyList<InlineVolumeFact> InlineVolumes);

/// <summary>One inline volume: <c>volumeAttributes.vgName</c> and <c>size</c> (default 1Gi).</summary>
public sealed record InlineVolumeFact(string VolumeName, string VolumeGroup, long SizeBytes);

/// <summary>A PVC as the demand builder reads it (extender.md §4.1).</summary>
public sealed record ClaimFact(string Namespace, string Name, string Phase, string? StorageClassName, long RequestBytes, long LimitBytes)
{
    /// <summary>spec.dataSource.name when spec.dataSource.kind is VolumeSnapshot.</summary>
    public string? SnapshotSource { get; init; }

    public string Key => Namespace + "/" + Name;
}

/// <summary>A StorageClass: provisioner and parameters.</summary>
public sealed record StorageClassFact(string Name, string Provisioner, IReadOnlyDictionary<string, string> Parameters);

/// <summary>A VolumeSnapshot: the content it is bound to and whether it is ready.</summary>
public sealed record VolumeSnapshotFact(string Namespace, string Name, string? BoundContentName, bool ReadyToUse)
{
    public string Key => Namespace + "/" + Name;
}

/// <summary>A VolumeSnapshotContent: <c>status.snapshotHandle</c> = the LocalSnapshot id.</summary>
public sealed record VolumeSnapshotContentFact(string Name, string? SnapshotHandle);

/// <summary>A LocalSnapshot (crds.md §6): where it lives and how many bytes its COW LV holds.</summary>
public sealed record LocalSnapshotFact(string SnapshotId, string NodeName, string VolumeGroup, bool ReadOnly, long Bytes);
