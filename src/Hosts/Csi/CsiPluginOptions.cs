namespace OpenLocal.Hosts.Csi;

/// <summary>Which CSI services one process serves (csi.md §1 <c>--driver-mode</c>).</summary>
public enum CsiMode
{
    All,
    Controller,
    Node,
}

/// <summary>Everything the CSI host needs to know about itself; the CLI fills it from flags and env.</summary>
public sealed record CsiPluginOptions
{
    public const string DefaultDriverName = "local.csi.aliyun.com";
    public const string LegacyDriverName = "yodaplugin.csi.alibabacloud.com";
    public const string TopologyKey = "kubernetes.io/hostname";

    public required CsiEndpoint Endpoint { get; init; }
    public required string NodeId { get; init; }
    public CsiMode Mode { get; init; } = CsiMode.All;
    public string DriverName { get; init; } = DefaultDriverName;

    /// <summary><c>MAX_VOLUMES_PERNODE</c> (0..1024, default 64).</summary>
    public long MaxVolumesPerNode { get; init; } = 64;

    /// <summary>The node's <c>kubernetes.io/hostname</c> label value; defaults to the node id (csi.md §6.1).</summary>
    public string? Hostname { get; init; }

    public string VendorVersion { get; init; } = "0.0.0";

    /// <summary><c>--metrics-address</c>: where <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> are served; null = not served.</summary>
    public Metrics.MetricsAddress? Metrics { get; init; }

    /// <summary>
    /// Ten years: "never" for a connection. Not <see cref="Timeout.InfiniteTimeSpan"/>: Kestrel turns
    /// that into <c>long.MaxValue</c> ticks and adds the current time to it, the sum overflows and
    /// every idle HTTP/2 connection is closed at the next heartbeat (measured; ADR-0052).
    /// </summary>
    public static readonly TimeSpan NeverIdleTimeout = TimeSpan.FromDays(3650);

    /// <summary>
    /// How long an idle connection stays open: <see cref="NeverIdleTimeout"/>, because the CSI
    /// sidecars exit when their connection drops (ADR-0052). Shorter only in tests that show what a
    /// timeout would do.
    /// </summary>
    public TimeSpan IdleConnectionTimeout { get; init; } = NeverIdleTimeout;

    public bool ServesController => Mode is CsiMode.All or CsiMode.Controller;
    public bool ServesNode => Mode is CsiMode.All or CsiMode.Node;
    public string TopologyValue => string.IsNullOrEmpty(Hostname) ? NodeId : Hostname;
}
