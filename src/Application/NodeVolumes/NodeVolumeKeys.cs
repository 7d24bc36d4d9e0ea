namespace OpenLocal.Application.NodeVolumes;

/// <summary>Volume-context keys the node side reads (csi.md §4.3, §4.4; throttling.md §2).</summary>
public static class NodeVolumeKeys
{
    public const string VolumeType = "volumeType";
    public const string VolumeGroup = "vgName";
    public const string Device = "Device";
    public const string MountPoint = "MountPoint";
    public const string Size = "size";
    public const string Bps = "bps";
    public const string Iops = "iops";
    public const string MkfsOptions = "csi.aliyun.com/mkfs-options";
    public const string ReadOnlyRestore = "csi.aliyun.com/readonly";
    public const string SnapshotId = "csi.aliyun.com/snapshot-id";
    public const string Ephemeral = "csi.storage.k8s.io/ephemeral";
    public const string PodUid = "csi.storage.k8s.io/pod.uid";
    public const string PodName = "csi.storage.k8s.io/pod.name";
    public const string PodNamespace = "csi.storage.k8s.io/pod.namespace";
    public const string Spdk = "spdk";
    public const string Direct = "direct";
}
