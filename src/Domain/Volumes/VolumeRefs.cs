namespace OpenLocal.Domain.Volumes;

/// <summary>The snapshot a volume was restored from and how.</summary>
public sealed record VolumeSource(string SnapshotId, RestoreMode Mode);

/// <summary>The pod that owns a CSI inline ephemeral volume.</summary>
public sealed record EphemeralOwner(string PodUid, string PodNamespace, string PodName);

/// <summary>The PVC a volume was provisioned for (from external-provisioner's extra metadata).</summary>
public sealed record ClaimRef(string Namespace, string Name);
