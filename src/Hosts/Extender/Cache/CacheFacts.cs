using OpenLocal.Domain.Volumes;

namespace OpenLocal.Hosts.Extender.Cache;

// What the cache needs from each watched object (extender.md §6.2), decoupled from the
// Kubernetes object models so the event-application logic is pure and testable. The watch
// adapters translate objects into these; deletes carry the last known object.

/// <summary>A LocalVolume (crds.md §5). <see cref="Pool"/> = spec.vgName / spec.device / spec.mountPoint.</summary>
public sealed record LocalVolumeFact(string VolumeId, string NodeName, VolumeType Type, string Pool, long SpecBytes, long StatusBytes, bool ReadOnlyRestore)
{
    /// <summary><c>namespace/name</c> of spec.claim, when the CSI controller recorded it: ends the PVC's assumption (§7).</summary>
    public string? ClaimKey { get; init; }
}

/// <summary>
/// A PersistentVolume of our driver. As mapped from the object, <see cref="NodeName"/> is the value of
/// the <c>kubernetes.io/hostname</c> node-affinity term, which may differ from the node name; the cache
/// resolves it through the Node feed (<see cref="NodeFact"/>) and publishes the fact with the node
/// name. <see cref="Pool"/> comes from the volume attributes (vgName / Device / MountPoint).
/// </summary>
public sealed record PersistentVolumeFact(string Name, string VolumeId, string NodeName, VolumeType Type, string Pool, long CapacityBytes, string Phase)
{
    public string? ClaimNamespace { get; init; }
    public string? ClaimName { get; init; }

    /// <summary>An adopted open-local read-only restore (<c>csi.aliyun.com/readonly: "true"</c>): no LV of its own.</summary>
    public bool ReadOnlyRestore { get; init; }

    /// <summary><c>namespace/name</c> of the claim, when the PV names one.</summary>
    public string? ClaimKey => ClaimNamespace is { Length: > 0 } ns && ClaimName is { Length: > 0 } name ? ns + "/" + name : null;
}

/// <summary>A Node: PVs pin volumes by its <c>kubernetes.io/hostname</c> label, which may differ from its name.</summary>
public sealed record NodeFact(string Name, string Hostname);

/// <summary>A pod's CSI inline volumes of our driver; counted while the pod is bound and not terminated.</summary>
public sealed record PodFact(string Uid, string Namespace, string Name, string? NodeName, bool Terminated, IReadOnlyList<InlineVolumeFact> InlineVolumes)
{
    /// <summary>
    /// Names of the PVCs the pod uses, generic ephemeral volumes included (<c>&lt;pod&gt;-&lt;volume&gt;</c>),
    /// in volume order: the compatibility API (§7) finds a PVC's pod by them.
    /// </summary>
    public IReadOnlyList<string> ClaimNames { get; init; } = [];
}

/// <summary>One inline volume: <c>volumeAttributes.vgName</c> and <c>size</c> (default 1Gi).</summary>
public sealed record InlineVolumeFact(string VolumeName, string VolumeGroup, long SizeBytes)
{
    /// <summary>Attribute <c>spdk: "true"</c> (predicate check 1).</summary>
    public bool Spdk { get; init; }
}

/// <summary>A PVC as the demand builder reads it (extender.md §4.1).</summary>
public sealed record ClaimFact(string Namespace, string Name, string Phase, string? StorageClassName, long RequestBytes, long LimitBytes)
{
    /// <summary>status.capacity.storage: a Bound claim whose request differs is being expanded (§7).</summary>
    public long CapacityBytes { get; init; }

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

/// <summary>
/// A reservation made by the compatibility provisioning API (extender.md §7): it counts in the ledger
/// under <see cref="VolumeId"/> until a PV or LocalVolume for the claim shows it is real, or until
/// <see cref="ExpiresAt"/>. A new volume gets the id <c>assumed:&lt;namespace&gt;/&lt;name&gt;</c>; an
/// expansion uses the id of the claim's existing volume, so only the growth counts.
/// </summary>
public sealed record ClaimAssumption(string ClaimKey, string VolumeId, string NodeName, VolumeType Type, string Pool, long SizeBytes)
{
    public bool Expansion { get; init; }
    public bool ReadOnlyRestore { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    public static string NewVolumeId(string claimKey) => "assumed:" + claimKey;

    /// <summary>A volume record of <paramref name="bytes"/> for the claim makes the assumption redundant.</summary>
    public bool IsSatisfiedBy(string volumeId, long bytes) =>
        !Expansion || (string.Equals(volumeId, VolumeId, StringComparison.Ordinal) && bytes >= SizeBytes);
}
