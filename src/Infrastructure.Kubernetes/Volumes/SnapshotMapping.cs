using k8s.Models;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;
using Resource = OpenLocal.Infrastructure.Kubernetes.Resources.LocalSnapshot;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>Domain <see cref="Snapshot"/> ↔ the LocalSnapshot resource (spec/crds.md §6, ADR-0020).</summary>
public static class SnapshotMapping
{
    public static Resource ToResource(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new Resource
        {
            Metadata = new V1ObjectMeta
            {
                Name = ResourceNames.ObjectName(snapshot.Id, "ls-"),
                Labels = new Dictionary<string, string> { [Resources.LocalVolume.NodeLabel] = ResourceNames.NodeLabelValue(snapshot.NodeName) },
                Finalizers = [Resource.Finalizer],
            },
            Spec = ToSpec(snapshot),
            Status = ToStatus(snapshot),
        };
    }

    public static Resources.LocalSnapshotSpec ToSpec(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new Resources.LocalSnapshotSpec
        {
            SnapshotId = snapshot.Id,
            SourceVolumeId = snapshot.SourceVolumeId,
            NodeName = snapshot.NodeName,
            VgName = snapshot.VolumeGroup,
            ReadOnly = snapshot.ReadOnly,
            InitialSizeBytes = snapshot.InitialSizeBytes,
            Expansion = new Resources.SnapshotExpansion { ThresholdPercent = snapshot.Expansion.ThresholdPercent, StepBytes = snapshot.Expansion.StepBytes },
        };
    }

    public static Resources.LocalSnapshotStatus? ToStatus(Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Phase == VolumePhase.Pending && snapshot.CapacityBytes == 0)
            return null;
        return new Resources.LocalSnapshotStatus
        {
            Phase = snapshot.Phase.ToString(),
            CapacityBytes = snapshot.CapacityBytes,
            UsedPercent = snapshot.UsedPercent,
            RestoreSizeBytes = snapshot.RestoreSizeBytes,
            CreationTime = snapshot.CreatedAt == default ? null : snapshot.CreatedAt.UtcDateTime,
            Code = snapshot.FailureKind is { } kind ? FailureCodes.ToCode(kind) : null,
            Message = snapshot.FailureMessage,
        };
    }

    public static Snapshot FromResource(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var spec = resource.Spec;
        var snapshot = new Snapshot(spec.SnapshotId, spec.SourceVolumeId, spec.NodeName, spec.VgName, spec.InitialSizeBytes)
        {
            ReadOnly = spec.ReadOnly,
            Expansion = spec.Expansion is { } x ? new SnapshotExpansion(x.ThresholdPercent, x.StepBytes) : SnapshotExpansion.Default,
            CreatedAt = resource.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : default,
        };
        var status = resource.Status;
        var phase = Enum.TryParse<VolumePhase>(status?.Phase, out var parsed) ? parsed : VolumePhase.Pending;
        if (phase is VolumePhase.Ready or VolumePhase.Deleting && status?.CapacityBytes is { } capacity)
        {
            var at = status.CreationTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : snapshot.CreatedAt;
            snapshot = snapshot.MarkReady(capacity, at).ReportUsage(capacity, status.UsedPercent ?? 0);
        }
        if (phase == VolumePhase.Failed)
            snapshot = snapshot.MarkFailed(FailureCodes.ToKind(status?.Code), status?.Message ?? "");
        if (phase == VolumePhase.Deleting || resource.Metadata.DeletionTimestamp is not null)
            snapshot = snapshot.BeginDeletion();
        return snapshot;
    }
}
