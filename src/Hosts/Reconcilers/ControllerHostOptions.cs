namespace OpenLocal.Hosts.Reconcilers;

/// <summary>
/// How the controller loop runs (crds.md §3 triggers): ≥2 workers, 30 s periodic resync, the lease
/// that elects one active replica, and the per-node retry back-off.
/// </summary>
public sealed record ControllerHostOptions(int Workers, TimeSpan ResyncPeriod, string LeaseName, TimeSpan RetryBaseDelay, TimeSpan RetryMaxDelay)
{
    public static ControllerHostOptions Default { get; } = new(2, TimeSpan.FromSeconds(30), "openlocal-controller", TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5));
}

/// <summary>How the agent loop runs: this node, the discovery period (<c>--interval</c>).</summary>
public sealed record AgentHostOptions(string NodeName, TimeSpan Interval)
{
    /// <summary>Init retry back-off (node-agent.md §4): from one interval, doubling, capped at 30 intervals.</summary>
    public TimeSpan MaxInitRetryDelay => Interval * 30;
}
