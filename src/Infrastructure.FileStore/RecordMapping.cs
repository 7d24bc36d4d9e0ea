using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>
/// Domain ⇄ stored form. Domain state is rebuilt through the domain's own transitions (MarkReady,
/// MarkFailed, BeginDeletion), so a file can never smuggle in a state the domain forbids.
/// </summary>
internal static class RecordMapping
{
    public static StoredVolume ToStored(LocalVolume v) => new(
        1, v.Id, v.NodeName, v.Type, v.Pool, v.SizeBytes, v.AccessType, v.FsType, v.Layout,
        v.Source is { } s ? new StoredSource(s.SnapshotId, s.Mode) : null,
        v.Ephemeral is { } e ? new StoredOwner(e.PodUid, e.PodNamespace, e.PodName) : null,
        v.Claim is { } c ? new StoredClaim(c.Namespace, c.Name) : null,
        v.Throttle is { } t ? new StoredThrottle(t.ReadBytesPerSecond, t.WriteBytesPerSecond, t.ReadIops, t.WriteIops) : null,
        new Dictionary<string, string>(v.Context, StringComparer.Ordinal),
        v.CreatedAt, v.Phase, v.CapacityBytes, v.DevicePath, v.FailureKind, v.FailureMessage);

    public static LocalVolume ToDomain(StoredVolume r)
    {
        var volume = new LocalVolume(r.Id, r.NodeName, r.Type, r.Pool, r.SizeBytes)
        {
            AccessType = r.AccessType,
            FsType = r.FsType,
            Layout = r.Layout,
            Source = r.Source is { } s ? new VolumeSource(s.SnapshotId, s.Mode) : null,
            Ephemeral = r.Ephemeral is { } e ? new EphemeralOwner(e.PodUid, e.PodNamespace, e.PodName) : null,
            Claim = r.Claim is { } c ? new ClaimRef(c.Namespace, c.Name) : null,
            Throttle = r.Throttle is { } t ? new IoThrottle(t.ReadBytesPerSecond, t.WriteBytesPerSecond, t.ReadIops, t.WriteIops) : null,
            Context = r.Context ?? new Dictionary<string, string>(),
            CreatedAt = r.CreatedAt,
        };
        if (r.DevicePath is not null)
            volume = volume.MarkReady(r.CapacityBytes, r.DevicePath);
        return r.Phase switch
        {
            VolumePhase.Failed => volume.MarkFailed(r.FailureKind ?? Domain.Failures.FailureKind.Internal, r.FailureMessage ?? string.Empty),
            VolumePhase.Deleting => volume.BeginDeletion(),
            _ => volume,
        };
    }

    public static StoredSnapshot ToStored(Snapshot s) => new(
        1, s.Id, s.SourceVolumeId, s.NodeName, s.VolumeGroup, s.InitialSizeBytes, s.ReadOnly,
        s.Expansion.ThresholdPercent, s.Expansion.StepBytes, s.Phase, s.CapacityBytes, s.UsedPercent, s.CreatedAt,
        s.FailureKind, s.FailureMessage);

    public static Snapshot ToDomain(StoredSnapshot r)
    {
        var snapshot = new Snapshot(r.Id, r.SourceVolumeId, r.NodeName, r.VolumeGroup, r.InitialSizeBytes)
        {
            ReadOnly = r.ReadOnly,
            Expansion = new SnapshotExpansion(r.ExpansionThresholdPercent, r.ExpansionStepBytes),
            CreatedAt = r.CreatedAt,
        };
        if (r.Phase is VolumePhase.Ready or VolumePhase.Deleting || (r.Phase == VolumePhase.Failed && r.CapacityBytes > 0))
            snapshot = snapshot.MarkReady(r.CapacityBytes, r.CreatedAt);
        snapshot = snapshot.ReportUsage(r.CapacityBytes, r.UsedPercent);
        return r.Phase switch
        {
            VolumePhase.Failed => snapshot.MarkFailed(r.FailureKind ?? Domain.Failures.FailureKind.Internal, r.FailureMessage ?? string.Empty),
            VolumePhase.Deleting => snapshot.BeginDeletion(),
            _ => snapshot,
        };
    }
}
