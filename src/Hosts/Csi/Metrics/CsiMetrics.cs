using System.Reflection;
using Grpc.Core;
using OpenLocal.Application.Ports;
using Prometheus;

namespace OpenLocal.Hosts.Csi.Metrics;

/// <summary>
/// The CSI plugin's metrics (metrics.md §3) in a registry of its own, so that two plugins in one
/// process (tests) never share a series. A node-serving plugin labels every series with its node.
/// </summary>
public sealed class CsiMetrics
{
    // metrics.md §3: the buckets of every OpenLocal histogram, in seconds.
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Histogram _requestDuration;
    private readonly Gauge _requestsInFlight;

    public CsiMetrics(CsiPluginOptions options, IDamagedRecords? damagedRecords)
    {
        ArgumentNullException.ThrowIfNull(options);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        if (options.ServesNode)
            Registry.SetStaticLabels(new Dictionary<string, string> { ["node"] = options.NodeId });
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);

        _requestDuration = factory.CreateHistogram("openlocal_csi_request_duration_seconds", "Latency of every CSI RPC.",
            ["service", "method", "code"], new HistogramConfiguration { Buckets = Buckets });
        _requestsInFlight = factory.CreateGauge("openlocal_csi_requests_in_flight", "CSI RPCs being served.", ["service", "method"]);
        factory.CreateGauge("openlocal_build_info", "The running build (always 1).", ["version", "commit", "component"])
            .WithLabels(options.VendorVersion, Commit, Component(options.Mode)).Set(1);

        // Issue 19 item 4: moved-aside records (ADR-0049), read from the store at every scrape.
        if (damagedRecords is not null)
        {
            var damaged = factory.CreateGauge("openlocal_damaged_records",
                "Standalone records that could not be read and were moved aside; each may stand for a volume holding data (ADR-0049).", ["kind"]);
            Registry.AddBeforeCollectCallback(() =>
            {
                damaged.WithLabels("volume").Set(damagedRecords.Count(RecordKind.Volume));
                damaged.WithLabels("snapshot").Set(damagedRecords.Count(RecordKind.Snapshot));
            });
        }
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Counts an RPC as in flight until the returned scope is disposed.</summary>
    public IDisposable TrackInFlight(string fullMethod)
    {
        var (service, method) = Split(fullMethod);
        return _requestsInFlight.WithLabels(service, method).TrackInProgress();
    }

    public void ObserveRequest(string fullMethod, StatusCode code, TimeSpan duration)
    {
        var (service, method) = Split(fullMethod);
        _requestDuration.WithLabels(service, method, code.ToString()).Observe(duration.TotalSeconds);
    }

    /// <summary><c>/csi.v1.Controller/CreateVolume</c> → (<c>controller</c>, <c>CreateVolume</c>).</summary>
    private static (string Service, string Method) Split(string fullMethod)
    {
        var slash = fullMethod.LastIndexOf('/');
        var service = slash > 0 ? fullMethod[..slash] : string.Empty;
        service = service[(service.LastIndexOf('.') + 1)..].TrimStart('/');
#pragma warning disable CA1308 // metrics.md §3 spells the service label in lower case.
        return (service.ToLowerInvariant(), fullMethod[(slash + 1)..]);
#pragma warning restore CA1308
    }

    private static string Component(CsiMode mode) => mode switch
    {
        CsiMode.Controller => "csi-controller",
        CsiMode.Node => "csi-node",
        _ => "csi",
    };

    /// <summary>The source revision the SDK appends to the informational version (<c>0.1.0+&lt;sha&gt;</c>).</summary>
    private static string Commit { get; } =
        typeof(CsiMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+') is [_, var commit, ..]
            ? commit
            : "unknown";
}
