using CsCheck;

namespace OpenLocal.Hosts.Csi.Tests.Properties;

/// <summary>
/// Valid, boundary and hostile CSI request fields (issue 19): ids of every length including 0 and
/// 10 KB, NUL, "..", paths outside the kubelet directory, unknown ids, huge, zero and negative sizes,
/// every capability combination and parameter maps with garbage volumeType/fsType values.
/// </summary>
public static class CsiGenerators
{
    public const long GiB = 1L << 30;

    private static readonly string TenKilobytes = new('v', 10 * 1024);

    public static readonly Gen<string> HostileString = Gen.Frequency(
        (3, Gen.String[Gen.Char.AlphaNumeric, 1, 40]),
        (1, Gen.Int[100, 400].Select(n => new string('x', n))),
        (4, Gen.OneOf(
            "", " ", "a", TenKilobytes, "a\0b", "\0", "..", "../..", "../../etc/passwd", "/", "/etc/passwd",
            "local-00000000-0000-0000-0000-000000000000", "snap-unknown", "ünïcødé", "\t\n", "%2e%2e%2f", "C:\\x", "-rf",
            "open-local-pool-0", "/dev/vdc", "/mnt/open-local/disk1")));

    public static readonly Gen<long> Size = Gen.Frequency(
        (3, Gen.OneOf(0L, -1L, 1L, 4096L, 1L << 20, GiB, 5 * GiB, 20 * GiB, 50 * GiB, 100 * GiB, (100 * GiB) + 1, 200 * GiB,
            long.MaxValue, long.MinValue, long.MaxValue - 1)),
        (1, Gen.Long[1, 8 * GiB]));

    private static readonly Gen<string> FsType = Gen.OneOf("", "ext4", "xfs", "ext3", "btrfs", "EXT4", "xfs;rm -rf /", "ext4\0", "nfs", "../ext4", TenKilobytes);

    private static readonly Gen<CapabilityChoice> Capability = Gen.Select(
        Gen.Enum<AccessType>(), FsType, Gen.Int[-1, 8], Gen.OneOf("ro", "noexec", "bind", "remount,rw", "", "x\0y").Array[0, 2],
        (access, fs, mode, flags) => new CapabilityChoice(access, fs, mode, flags));

    private static readonly Gen<string> ParameterKey = Gen.OneOf(
        "volumeType", "vgName", "mediaType", "bps", "iops", "lvmType", "direct", "spdk", "fsType", "csi.storage.k8s.io/fstype",
        "csi.aliyun.com/mkfs-options", "csi.aliyun.com/restore-mode", "csi.aliyun.com/snapshot-initial-size",
        "csi.aliyun.com/readonly", "csi.storage.k8s.io/pvc/name", "csi.storage.k8s.io/pvc/namespace", "", "unknown\0key");

    private static readonly Gen<string> ParameterValue = Gen.OneOf(
        "LVM", "Device", "MountPoint", "", "lvm", "Quota", "ssd", "hdd", "xfs", "ext4", "xfs;rm -rf /", "1Gi", "-1", "1e400", "50%",
        "true", "striping", "linear", "open-local-pool-0", "no-such-vg", "readonly", "copy", "a\0b", TenKilobytes);

    private static readonly Gen<Dictionary<string, string>> RandomParameters = Gen.Dictionary(ParameterKey, ParameterValue)[0, 5]
        .Select(d => new Dictionary<string, string>(d, StringComparer.Ordinal));

    private static readonly Gen<Dictionary<string, string>> Parameters = Gen.Frequency(
        (5, Gen.Const(() => new Dictionary<string, string>(StringComparer.Ordinal) { ["volumeType"] = "LVM" })),
        (1, Gen.Const(() => new Dictionary<string, string>(StringComparer.Ordinal) { ["volumeType"] = "LVM", ["vgName"] = "open-local-pool-0", ["bps"] = "1Mi" })),
        (1, Gen.Const(() => new Dictionary<string, string>(StringComparer.Ordinal) { ["volumeType"] = "Device", ["mediaType"] = "ssd" })),
        (1, Gen.Const(() => new Dictionary<string, string>(StringComparer.Ordinal) { ["volumeType"] = "MountPoint" })),
        (4, RandomParameters));

    private static readonly Gen<IdChoice> Id = Gen.Frequency(
        (3, Gen.Int[0, 1000].Select(k => new IdChoice(k, string.Empty))),
        (2, HostileString.Select(s => new IdChoice(null, s))));

    private static readonly Gen<string> Name = Gen.Frequency(
        (4, Gen.Int[0, 60].Select(i => "pvc-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, HostileString));

    private static readonly Gen<PathChoice> Path = Gen.Frequency(
        (6, Gen.Int[0, 3].Select(i => new PathChoice(PathKind.PodMount, i))),
        (2, Gen.Int[0, 3].Select(i => new PathChoice(PathKind.PodBlock, i))),
        (3, Gen.Int[0, 3].Select(i => new PathChoice(PathKind.Staging, i))),
        (6, Gen.Select(Gen.Enum<PathKind>(), Gen.Int[0, 20], (kind, i) => new PathChoice(kind, i))));

    private static readonly Gen<Rpc> RpcKind = Gen.Frequency(
        (6, Gen.Const(Rpc.CreateVolume)),
        (3, Gen.Const(Rpc.DeleteVolume)),
        (4, Gen.Const(Rpc.NodePublishVolume)),
        (4, Gen.Const(Rpc.NodeUnpublishVolume)),
        (2, Gen.Const(Rpc.NodeStageVolume)),
        (2, Gen.Const(Rpc.NodeUnstageVolume)),
        (8, Gen.Enum<Rpc>()));

    private static readonly Gen<CsiCall> Hostile = Gen.Select(
        RpcKind, Id, Name, Size, Size, Capability.Array[0, 3], Parameters, Path, Path, Id, Gen.Int[0, 19],
        (rpc, volume, name, required, limit, capabilities, parameters, target, staging, snapshot, coin) =>
            new CsiCall(rpc, volume, name, required, limit, capabilities, parameters, target, staging, snapshot, ReadOnly: coin % 2 == 0, KnownContext: coin < 14));

    // Well-formed requests (kubelet's and the provisioner's shapes) so that volumes exist, get published,
    // expanded and deleted, and the hostile calls meet real state.
    private static readonly Gen<CapabilityChoice> ValidCapability = Gen.OneOf(
        new CapabilityChoice(AccessType.Mount, "ext4", 1, []),
        new CapabilityChoice(AccessType.Mount, "xfs", 7, []),
        new CapabilityChoice(AccessType.Mount, "", 1, ["noatime"]),
        new CapabilityChoice(AccessType.Block, string.Empty, 1, []));

    private static readonly Gen<long> ValidSize = Gen.OneOf(1L << 20, GiB, 2 * GiB, 5 * GiB);

    private static readonly Gen<Rpc> ValidRpc = Gen.Frequency(
        (6, Gen.Const(Rpc.CreateVolume)),
        (2, Gen.Const(Rpc.DeleteVolume)),
        (3, Gen.Const(Rpc.NodeStageVolume)),
        (4, Gen.Const(Rpc.NodePublishVolume)),
        (3, Gen.Const(Rpc.NodeUnpublishVolume)),
        (2, Gen.Const(Rpc.NodeUnstageVolume)),
        (1, Gen.Const(Rpc.ControllerExpandVolume)),
        (1, Gen.Const(Rpc.NodeExpandVolume)),
        (1, Gen.Const(Rpc.NodeGetVolumeStats)),
        (1, Gen.Const(Rpc.CreateSnapshot)),
        (1, Gen.Const(Rpc.DeleteSnapshot)),
        (1, Gen.Const(Rpc.ControllerGetVolume)),
        (1, Gen.Const(Rpc.ListVolumes)));

    private static readonly Gen<CsiCall> Valid = Gen.Select(
        ValidRpc, Gen.Int[0, 1000], Gen.Int[0, 60], ValidSize, ValidCapability, Parameters, Gen.Int[0, 3], Gen.Int[0, 1000],
        (rpc, known, name, size, capability, parameters, path, snapshot) => new CsiCall(
            rpc, new IdChoice(known, string.Empty), "pvc-" + name.ToString(System.Globalization.CultureInfo.InvariantCulture), size, 0, [capability],
            rpc == Rpc.CreateSnapshot ? [] : parameters, new PathChoice(capability.Access == AccessType.Block ? PathKind.PodBlock : PathKind.PodMount, path),
            new PathChoice(PathKind.Staging, path), new IdChoice(snapshot, string.Empty), ReadOnly: false, KnownContext: true));

    /// <summary>Half well-formed, half hostile.</summary>
    public static readonly Gen<CsiCall> Call = Gen.Frequency((1, Valid), (1, Hostile));
}
