using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Scheduling;

namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>The extender's start-up settings (extender.md §1).</summary>
public sealed record ExtenderOptions
{
    public const int DefaultPort = 23000;

    public int Port { get; init; } = DefaultPort;

    /// <summary>Listen address; all interfaces in a cluster, loopback in tests and benchmarks.</summary>
    public string Address { get; init; } = "0.0.0.0";

    public PlacementStrategy Strategy { get; init; } = PlacementStrategy.Binpack;
    public NodeAntiAffinity AntiAffinity { get; init; } = NodeAntiAffinity.None;

    /// <summary>
    /// Requests naming at least this many candidates are evaluated on all cores (ADR-0044, ADR-0046);
    /// <see cref="int.MaxValue"/> keeps every request on its own thread.
    /// </summary>
    public int ParallelThreshold { get; init; } = 1_000;

    /// <summary>
    /// 16 MiB: a request naming 15,000 nodes (the largest real clusters) by names of the longest DNS
    /// length takes ~3.9 MB, plus a pod of at most etcd's 1.5 MiB object limit; with Node objects
    /// (<c>nodeCacheCapable: false</c>) it fits a few thousand nodes (ADR 0050).
    /// </summary>
    public const long DefaultMaxRequestBodyBytes = 16L << 20;

    /// <summary>A verb body above this is refused with 413 before it is buffered (issue 19 item 6).</summary>
    public long MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    /// <summary>
    /// A request naming more candidates than this is refused with 413 before any is evaluated: a small
    /// body of short unknown names would otherwise cost ~300 bytes of answer per name (ADR 0050).
    /// 50,000 is over three times the largest real cluster.
    /// </summary>
    public int MaxCandidates { get; init; } = 50_000;

    /// <summary>Served by <c>GET /version</c> as <c>&lt;version&gt;-&lt;git commit&gt;</c>.</summary>
    public string Version { get; init; } = "v0.0.0-unknown";
}
