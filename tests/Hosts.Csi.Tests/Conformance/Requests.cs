using Csi.V1;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>Small builders for the CSI requests the conformance tests send.</summary>
public static class Requests
{
    public const long GiB = 1L << 30;

    public static VolumeCapability MountCapability(string fsType = "ext4", VolumeCapability.Types.AccessMode.Types.Mode mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter) => new()
    {
        Mount = new VolumeCapability.Types.MountVolume { FsType = fsType },
        AccessMode = new VolumeCapability.Types.AccessMode { Mode = mode },
    };

    public static VolumeCapability BlockCapability() => new()
    {
        Block = new VolumeCapability.Types.BlockVolume(),
        AccessMode = new VolumeCapability.Types.AccessMode { Mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter },
    };

    public static CreateVolumeRequest CreateLvm(string name, long requiredBytes = GiB, VolumeCapability? capability = null) => new()
    {
        Name = name,
        CapacityRange = new CapacityRange { RequiredBytes = requiredBytes },
        VolumeCapabilities = { capability ?? MountCapability() },
        Parameters = { ["volumeType"] = "LVM" },
    };

    public static NodePublishVolumeRequest Publish(string volumeId, string target, IDictionary<string, string> context, VolumeCapability? capability = null) => new()
    {
        VolumeId = volumeId,
        TargetPath = target,
        VolumeCapability = capability ?? MountCapability(),
        VolumeContext = { context },
    };
}
