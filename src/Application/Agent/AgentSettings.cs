using OpenLocal.Domain.Discovery;

namespace OpenLocal.Application.Agent;

/// <summary>
/// The agent's flags (node-agent.md §1): mount root (<c>--path.mount</c>), the device-name filter
/// (<c>--regexp</c>; ours also matches NVMe), which LVs are ours, the heartbeat bound and the VG
/// initialisation switches (<c>Force_Create_VG</c>, <c>--allow-vg-extend</c>).
/// </summary>
public sealed record AgentSettings(
    string MountRoot,
    string DeviceNamePattern,
    LogicalVolumeOwnership Ownership,
    TimeSpan HeartbeatInterval,
    bool ForceCreateVolumeGroups,
    bool AllowVolumeGroupExtend)
{
    public const string DefaultMountRoot = "/mnt/open-local";
    public const string DefaultDeviceNamePattern = "^((s|v|xv|h)d[a-z]+|nvme[0-9]+n[0-9]+)$";

    public static AgentSettings Default { get; } = new(
        DefaultMountRoot, DefaultDeviceNamePattern, LogicalVolumeOwnership.Default, TimeSpan.FromMinutes(10), false, false);
}
