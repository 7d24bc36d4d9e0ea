using k8s.Models;
using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;
using Resource = OpenLocal.Infrastructure.Kubernetes.Resources.LocalVolume;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>Domain <see cref="LocalVolume"/> ↔ the LocalVolume resource (spec/crds.md §5, ADR-0020).</summary>
public static class VolumeMapping
{
    public static Resource ToResource(LocalVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return new Resource
        {
            Metadata = new V1ObjectMeta
            {
                Name = ResourceNames.ObjectName(volume.Id, "lv-"),
                Labels = new Dictionary<string, string>
                {
                    [Resource.NodeLabel] = ResourceNames.NodeLabelValue(volume.NodeName),
                    [Resource.VolumeTypeLabel] = volume.Type.ToString(),
                },
                Finalizers = [Resource.Finalizer],
            },
            Spec = ToSpec(volume),
            Status = ToStatus(volume),
        };
    }

    public static Resources.LocalVolumeSpec ToSpec(LocalVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return new Resources.LocalVolumeSpec
        {
            VolumeId = volume.Id,
            NodeName = volume.NodeName,
            Type = volume.Type.ToString(),
            VgName = volume.Type == VolumeType.LVM ? volume.Pool : null,
            Device = volume.Type == VolumeType.Device ? volume.Pool : null,
            MountPoint = volume.Type == VolumeType.MountPoint ? volume.Pool : null,
            SizeBytes = volume.SizeBytes,
            FsType = volume.FsType,
            LvmType = volume.Type == VolumeType.LVM ? volume.Layout.ToString().ToLowerInvariant() : null,
            Source = volume.Source is { } s ? new Resources.LocalVolumeSource { SnapshotId = s.SnapshotId, Mode = s.Mode.ToString() } : null,
            Ephemeral = volume.Ephemeral is { } e ? new Resources.EphemeralOwner { PodUid = e.PodUid, PodNamespace = e.PodNamespace, PodName = e.PodName } : null,
            Claim = volume.Claim is { } c ? new Resources.ClaimReference { Namespace = c.Namespace, Name = c.Name } : null,
            AccessType = volume.AccessType.ToString(),
            Throttle = volume.Throttle is { } t
                ? new Resources.VolumeThrottle { ReadBytesPerSecond = t.ReadBytesPerSecond, WriteBytesPerSecond = t.WriteBytesPerSecond, ReadIops = t.ReadIops, WriteIops = t.WriteIops }
                : null,
            Parameters = volume.Context.Count > 0 ? new Dictionary<string, string>(volume.Context) : null,
        };
    }

    public static Resources.LocalVolumeStatus? ToStatus(LocalVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.Phase == VolumePhase.Pending && volume.CapacityBytes == 0)
            return null;
        return new Resources.LocalVolumeStatus
        {
            Phase = volume.Phase.ToString(),
            CapacityBytes = volume.CapacityBytes,
            DevicePath = volume.DevicePath,
            Code = volume.FailureKind is { } kind ? FailureCodes.ToCode(kind) : null,
            Message = volume.FailureMessage,
        };
    }

    public static LocalVolume FromResource(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var spec = resource.Spec;
        var type = Enum.Parse<VolumeType>(spec.Type);
        var pool = type switch
        {
            VolumeType.LVM => spec.VgName,
            VolumeType.Device => spec.Device,
            _ => spec.MountPoint,
        };
        var volume = new LocalVolume(spec.VolumeId, spec.NodeName, type, pool ?? "", spec.SizeBytes)
        {
            AccessType = Enum.TryParse<AccessType>(spec.AccessType, out var access) ? access : AccessType.Mount,
            FsType = spec.FsType,
            Layout = string.Equals(spec.LvmType, "striping", StringComparison.Ordinal) ? LvmLayout.Striping : LvmLayout.Linear,
            Source = spec.Source is { } s ? new VolumeSource(s.SnapshotId, Enum.Parse<RestoreMode>(s.Mode)) : null,
            Ephemeral = spec.Ephemeral is { } e ? new EphemeralOwner(e.PodUid, e.PodNamespace, e.PodName) : null,
            Claim = spec.Claim is { } c ? new ClaimRef(c.Namespace, c.Name) : null,
            Throttle = spec.Throttle is { } t ? new IoThrottle(t.ReadBytesPerSecond, t.WriteBytesPerSecond, t.ReadIops, t.WriteIops) : null,
            Context = spec.Parameters is { } p ? new Dictionary<string, string>(p) : new Dictionary<string, string>(),
            CreatedAt = resource.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : default,
        };
        var status = resource.Status;
        var phase = Enum.TryParse<VolumePhase>(status?.Phase, out var parsed) ? parsed : VolumePhase.Pending;
        if (status?.CapacityBytes is > 0 && status.DevicePath is { } path && phase is VolumePhase.Ready or VolumePhase.Deleting)
            volume = volume.MarkReady(status.CapacityBytes.Value, path);
        if (phase == VolumePhase.Failed)
            volume = volume.MarkFailed(FailureCodes.ToKind(status?.Code), status?.Message ?? "");
        // A deletionTimestamp means the node is (or will be) removing the volume, whatever it reported last.
        if (phase == VolumePhase.Deleting || resource.Metadata.DeletionTimestamp is not null)
            volume = volume.BeginDeletion();
        return volume;
    }
}
