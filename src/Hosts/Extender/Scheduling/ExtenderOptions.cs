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

    /// <summary>Served by <c>GET /version</c> as <c>&lt;version&gt;-&lt;git commit&gt;</c>.</summary>
    public string Version { get; init; } = "v0.0.0-unknown";
}
