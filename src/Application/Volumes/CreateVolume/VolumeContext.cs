using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.CreateVolume;

/// <summary>The CSI volume context of csi.md §4.3: every parameter plus the placement keys.</summary>
public static class VolumeContext
{
    public const string SelectedNodeKey = "volume.kubernetes.io/selected-node";
    public const string MountPointKey = "MountPoint";
    public const string DeviceKey = "Device";
    public const string SourceVolumeIdKey = "csi.aliyun.com/source-volume-id";
    public const string SnapshotIdKey = "csi.aliyun.com/snapshot-id";
    public const string ReadOnlyKey = "csi.aliyun.com/readonly";

    public static IReadOnlyDictionary<string, string> Build(
        IReadOnlyDictionary<string, string> parameters, VolumeType type, string nodeName, string pool, VolumeSource? source, string? sourceVolumeId)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var context = new Dictionary<string, string>(parameters, StringComparer.Ordinal);
        switch (type)
        {
            case VolumeType.LVM:
                context[StorageClassParameters.VgNameKey] = pool;
                break;
            case VolumeType.Device:
                context[DeviceKey] = pool;
                break;
            case VolumeType.MountPoint:
                context[MountPointKey] = pool;
                break;
        }
        context[SelectedNodeKey] = nodeName;
        if (source is not null)
        {
            context[SnapshotIdKey] = source.SnapshotId;
            if (sourceVolumeId is not null)
                context[SourceVolumeIdKey] = sourceVolumeId;
            if (source.Mode == RestoreMode.ReadOnly)
                context[ReadOnlyKey] = "true";
        }
        return context;
    }
}
