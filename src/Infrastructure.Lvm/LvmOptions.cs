namespace OpenLocal.Infrastructure.Lvm;

/// <summary>How lvm2 may touch the kernel on this node (ADR 0016).</summary>
public enum LvmActivationMode
{
    /// <summary>A normal node: device-mapper and udev present; LVs are activated and zeroed on create.</summary>
    Udev,

    /// <summary>
    /// device-mapper present but no udev (the real-kernel VM tier, minimal hosts): lvm2 creates the
    /// /dev nodes itself (<c>activation{udev_sync=0 udev_rules=0} devices{obtain_device_list_from_udev=0}</c>).
    /// </summary>
    NoUdev,

    /// <summary>
    /// No device-mapper (these CI hosts): metadata only — <c>--driverloaded n</c> on every call and
    /// <c>-an -Zn</c> on create. LVs are never active, snapshots and thin pools cannot be created.
    /// </summary>
    MetadataOnly,
}

public sealed record LvmOptions
{
    /// <summary>The lvm2 multi-call binary; every operation runs as <c>lvm &lt;command&gt; ...</c>.</summary>
    public string LvmBinary { get; init; } = "lvm";

    public LvmActivationMode Activation { get; init; } = LvmActivationMode.Udev;

    /// <summary>Per-call timeout: lvm2 waits on locks held by other lvm2 processes.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The signature probe used before pvcreate (util-linux).</summary>
    public string WipefsBinary { get; init; } = "wipefs";
}
