namespace OpenLocal.Cli.Commands.Csi;

/// <summary>The <c>openlocal csi</c> flags and environment, as given (validated by <see cref="CsiPlugin"/>).</summary>
public sealed record CsiSettings
{
    public required string Endpoint { get; init; }
    public required string NodeId { get; init; }
    public string Mode { get; init; } = "all";
    public string Backend { get; init; } = "lvm";
    public string? StateDir { get; init; }
    public string DriverName { get; init; } = Hosts.Csi.CsiPluginOptions.DefaultDriverName;
    public string KubeletDir { get; init; } = "/var/lib/kubelet";
    public string SchedulerStrategy { get; init; } = "binpack";
    public string SysfsRoot { get; init; } = "/host_sys";

    /// <summary><c>--cgroupDriver</c>: systemd | cgroupfs.</summary>
    public string CgroupDriver { get; init; } = "systemd";

    /// <summary>Raw <c>MAX_VOLUMES_PERNODE</c>; null ⇒ 64.</summary>
    public string? MaxVolumesPerNode { get; init; }

    public bool DoubleCheckMount { get; init; }

    /// <summary><c>--metrics-address</c>; null, empty or <c>0</c> serves no metrics (the command's default is <c>:8082</c>).</summary>
    public string? MetricsAddress { get; init; }

    /// <summary><c>--kubeconfig</c>: with <see cref="Master"/> (or in-cluster), controller and node modes run as a cluster (issue 14).</summary>
    public string? Kubeconfig { get; init; }

    /// <summary><c>--master</c>: the API server's address.</summary>
    public string? Master { get; init; }
}
