namespace OpenLocal.Infrastructure.Device;

/// <summary>kubelet's cgroup driver (csi.md §1 <c>--cgroupDriver</c>); only the first guess for the pod cgroup path.</summary>
public enum CgroupDriver
{
    Systemd,
    Cgroupfs,
}

/// <summary>Where the device backend finds the host's kernel views, and how long its tools may run.</summary>
public sealed record DeviceOptions
{
    /// <summary>The host's /sys (<c>--path.sysfs</c>; <c>/host_sys</c> in the DaemonSet). Tests point it at a fabricated tree.</summary>
    public string SysfsRoot { get; init; } = "/sys";

    /// <summary>Mount table of the process that sees the kubelet and /mnt/open-local mounts (node-agent.md §3.3).</summary>
    public string MountInfoPath { get; init; } = "/proc/self/mountinfo";

    /// <summary>The cgroup root; defaults to <c>&lt;SysfsRoot&gt;/fs/cgroup</c> (throttling.md §3).</summary>
    public string? CgroupRoot { get; init; }

    public CgroupDriver CgroupDriver { get; init; } = CgroupDriver.Systemd;

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>mkfs of a multi-terabyte disk takes minutes.</summary>
    public TimeSpan FormatTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A copy-mode restore of a large volume at disk speed.</summary>
    public TimeSpan CopyTimeout { get; init; } = TimeSpan.FromHours(6);

    public string CgroupRootPath => CgroupRoot ?? Path.Combine(SysfsRoot, "fs", "cgroup");
}
