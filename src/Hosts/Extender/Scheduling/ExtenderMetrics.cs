using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Cache;

namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>
/// The extender's Prometheus metrics (metrics.md §2–3), hand-written: lock-free counters on the
/// request path, and the drop-in <c>local_*</c> gauges recomputed from the current snapshot on
/// every scrape, so series of vanished objects disappear.
/// </summary>
public sealed class ExtenderMetrics
{
    private static readonly double[] Buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string Verb, int Code), Histogram> _durations = new();
    private readonly ConcurrentDictionary<(string Kind, string Event), Counter> _events = new();
    private long _passed;
    private long _unresolvable;

    public void ObserveRequest(string verb, int code, double seconds) =>
        _durations.GetOrAdd((verb, code), static _ => new Histogram()).Observe(seconds);

    public void CountVerdicts(int passed, int unresolvable)
    {
        Interlocked.Add(ref _passed, passed);
        Interlocked.Add(ref _unresolvable, unresolvable);
    }

    public void CountEvent(string kind, string eventType) =>
        Interlocked.Increment(ref _events.GetOrAdd((kind, eventType), static _ => new Counter()).Value);

    public string Render(ClusterSnapshot cluster, DateTimeOffset lastEvent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var text = new StringBuilder(4096);
        RenderStorage(text, cluster);

        text.Append("# HELP openlocal_extender_request_duration_seconds Latency of every extender call.\n");
        text.Append("# TYPE openlocal_extender_request_duration_seconds histogram\n");
        foreach (var ((verb, code), h) in _durations)
        {
            var labels = $"verb=\"{verb}\",code=\"{code.ToString(CultureInfo.InvariantCulture)}\"";
            long cumulative = 0;
            for (var i = 0; i < Buckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref h.Counts[i]);
                Line(text, "openlocal_extender_request_duration_seconds_bucket", $"{labels},le=\"{Number(Buckets[i])}\"", cumulative);
            }
            Line(text, "openlocal_extender_request_duration_seconds_bucket", $"{labels},le=\"+Inf\"", Interlocked.Read(ref h.Count));
            Line(text, "openlocal_extender_request_duration_seconds_sum", labels, h.Sum);
            Line(text, "openlocal_extender_request_duration_seconds_count", labels, Interlocked.Read(ref h.Count));
        }
        text.Append("# HELP openlocal_extender_filter_nodes_total Node verdicts returned by predicates.\n");
        text.Append("# TYPE openlocal_extender_filter_nodes_total counter\n");
        Line(text, "openlocal_extender_filter_nodes_total", "result=\"pass\"", Interlocked.Read(ref _passed));
        Line(text, "openlocal_extender_filter_nodes_total", "result=\"fail\"", 0);
        Line(text, "openlocal_extender_filter_nodes_total", "result=\"unresolvable\"", Interlocked.Read(ref _unresolvable));
        text.Append("# HELP openlocal_extender_cache_events_total Watch events applied to the cache.\n");
        text.Append("# TYPE openlocal_extender_cache_events_total counter\n");
        foreach (var ((kind, eventType), counter) in _events)
            Line(text, "openlocal_extender_cache_events_total", $"kind=\"{kind}\",event=\"{eventType}\"", Interlocked.Read(ref counter.Value));
        text.Append("# HELP openlocal_extender_cache_staleness_seconds Now minus the time of the last applied event.\n");
        text.Append("# TYPE openlocal_extender_cache_staleness_seconds gauge\n");
        Line(text, "openlocal_extender_cache_staleness_seconds", null, Math.Max(0, (now - lastEvent).TotalSeconds));
        return text.ToString();
    }

    private static void RenderStorage(StringBuilder text, ClusterSnapshot cluster)
    {
        Header(text, "local_volume_group_total", "VG allocatable bytes.");
        foreach (var node in cluster.Nodes.Values)
        {
            foreach (var vg in node.VolumeGroups)
                Line(text, "local_volume_group_total", $"nodename=\"{Escape(node.Name)}\",vgname=\"{Escape(vg.Name)}\"", vg.Capacity);
        }
        Header(text, "local_volume_group_used", "Ledger bytes used in the VG.");
        foreach (var node in cluster.Nodes.Values)
        {
            foreach (var vg in node.VolumeGroups)
                Line(text, "local_volume_group_used", $"nodename=\"{Escape(node.Name)}\",vgname=\"{Escape(vg.Name)}\"", vg.Used);
        }
        Header(text, "local_device_total", "Device size in bytes.");
        Header(text, "local_device_available", "Device size if free, 0 if a volume holds it.");
        Header(text, "local_device_bind", "1 if a volume holds the device.");
        Header(text, "local_mount_point_total", "Mount-point filesystem size in bytes.");
        Header(text, "local_mount_point_available", "Free bytes of the mount point as reported by the agent.");
        Header(text, "local_mount_point_bind", "1 if a volume holds the mount point.");
        foreach (var node in cluster.Nodes.Values)
        {
            var n = Escape(node.Name);
            foreach (var d in node.Devices)
            {
                var labels = $"nodename=\"{n}\",name=\"{Escape(d.Name)}\",type=\"{MediaLabel(d)}\"";
                Line(text, "local_device_total", labels, d.Capacity);
                Line(text, "local_device_available", labels, d.IsTaken ? 0 : d.Capacity);
                Line(text, "local_device_bind", $"nodename=\"{n}\",name=\"{Escape(d.Name)}\"", d.IsTaken ? 1 : 0);
            }
            foreach (var mp in node.MountPoints)
            {
                var labels = $"nodename=\"{n}\",name=\"{Escape(mp.Name)}\",type=\"{MediaLabel(mp)}\"";
                Line(text, "local_mount_point_total", labels, mp.Capacity);
                Line(text, "local_mount_point_available", labels, mp.Available);
                Line(text, "local_mount_point_bind", $"nodename=\"{n}\",name=\"{Escape(mp.Name)}\"", mp.IsTaken ? 1 : 0);
            }
        }
        Header(text, "local_allocated_num", "Volumes placed on the node.");
        foreach (var node in cluster.Nodes.Values)
            Line(text, "local_allocated_num", $"nodename=\"{Escape(node.Name)}\"", node.AllocatedNum);
        Header(text, "local_local_pv", "PV capacity in bytes.");
        foreach (var pv in cluster.PersistentVolumes.Values)
        {
            Line(text, "local_local_pv",
                $"nodename=\"{Escape(pv.NodeName)}\",pv_name=\"{Escape(pv.Name)}\",pv_type=\"{pv.Type}\",pvc_name=\"{Escape(pv.ClaimName ?? "")}\"," +
                $"pvc_ns=\"{Escape(pv.ClaimNamespace ?? "")}\",status=\"{Escape(pv.Phase)}\",storage_name=\"{Escape(pv.Pool)}\"",
                pv.CapacityBytes);
        }
    }

    private static string MediaLabel(ExclusiveState state) => state.Media is null ? "" : FitMessages.MediaName(state.Media);

    private static void Header(StringBuilder text, string name, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(" gauge\n");

    private static void Line(StringBuilder text, string name, string? labels, double value)
    {
        text.Append(name);
        if (labels is not null)
            text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.Contains('"', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal)
            ? value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            : value;

    private sealed class Counter
    {
        public long Value;
    }

    private sealed class Histogram
    {
        public readonly long[] Counts = new long[Buckets.Length];
        public long Count;
        private long _sumBits;

        public double Sum => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _sumBits));

        public void Observe(double seconds)
        {
            for (var i = 0; i < Buckets.Length; i++)
            {
                if (seconds <= Buckets[i])
                {
                    Interlocked.Increment(ref Counts[i]);
                    break;
                }
            }
            Interlocked.Increment(ref Count);
            long seen, next;
            do
            {
                seen = Interlocked.Read(ref _sumBits);
                next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + seconds);
            }
            while (Interlocked.CompareExchange(ref _sumBits, next, seen) != seen);
        }
    }
}
