using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenLocal.Benchmarks;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

// Extender benchmark (docs/benchmarks.md): per cluster size, p50/p99 latency of both verbs over
// HTTP on loopback, server-side allocations per request, process RSS; then cache event throughput.
// Arguments: optional "breakdown" (server-time breakdown only), then cluster sizes (default 100 1000 5000).
var breakdownOnly = args.Length > 0 && args[0] == "breakdown";
var sizeArgs = breakdownOnly ? args[1..] : args;
var sizes = sizeArgs.Length > 0 ? Array.ConvertAll(sizeArgs, a => int.Parse(a, CultureInfo.InvariantCulture)) : [100, 1_000, 5_000];
if (breakdownOnly)
{
    foreach (var nodes in sizes)
        Console.WriteLine(Breakdown(nodes));
    return 0;
}
var output = new StringBuilder();
output.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}");
output.AppendLine();
output.AppendLine("| nodes | placed volumes | verb | HTTP p50 | HTTP p99 | in-process p50 | in-process p99 | server alloc/request | RSS after |");
output.AppendLine("|---|---|---|---|---|---|---|---|---|");
SchedulingCache? largest = null;
foreach (var nodes in sizes)
{
    var cache = ClusterFixture.Build(nodes);
    largest = cache;
    var body = Encoding.UTF8.GetBytes(ClusterFixture.Request(nodes));
    var options = new ExtenderOptions { Address = "127.0.0.1", Port = 0, Strategy = OpenLocal.Domain.Placement.PlacementStrategy.Binpack };
    await using var server = ExtenderServer.Create(options, cache);
    await server.StartAsync();
    using var client = new HttpClient { BaseAddress = server.BaseAddress };
    var verbs = new ExtenderVerbs(cache, options, new ExtenderMetrics());
    var iterations = nodes >= 5_000 ? 1_000 : 2_000;
    foreach (var verb in new[] { "predicates", "priorities" })
    {
        await Http(client, verb, body, 200); // warm-up (JIT, tiering, connection)
        var http = await Http(client, verb, body, iterations);
        InProcess(verbs, verb, body, 200);
        var (local, allocated) = InProcess(verbs, verb, body, iterations);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var rss = Process.GetCurrentProcess().WorkingSet64;
        output.AppendLine(CultureInfo.InvariantCulture,
            $"| {nodes:N0} | {nodes * 20:N0} | {verb} | {Ms(http, 0.50)} | {Ms(http, 0.99)} | {Ms(local, 0.50)} | {Ms(local, 0.99)} | {allocated / 1024.0:F1} KiB | {rss / (1024.0 * 1024.0):F0} MiB |");
    }
}
output.AppendLine();
output.AppendLine(EventThroughput(largest!, 10_000));
output.AppendLine();
output.AppendLine("Server CPU time per request, by stage (in-process, CPU time / rounds):");
output.AppendLine();
output.AppendLine("| nodes | decode ExtenderArgs | node lookups only | filter (incl. lookups) | encode filter result | prioritize (incl. lookups) | encode priorities | evaluation alloc filter / prioritize |");
output.AppendLine("|---|---|---|---|---|---|---|---|");
foreach (var nodes in sizes)
    output.AppendLine(Breakdown(nodes));
Console.WriteLine(output);
return 0;

static async Task<double[]> Http(HttpClient client, string verb, byte[] body, int iterations)
{
    var samples = new double[iterations];
    for (var i = 0; i < iterations; i++)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var start = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("/scheduler/" + verb, content);
        await response.Content.CopyToAsync(Stream.Null);
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{verb} returned {(int)response.StatusCode}");
    }
    return samples;
}

// Decode + evaluate + encode on this thread, as the endpoint does, to isolate server time and
// count the bytes one request allocates on the server side.
static (double[] Samples, double AllocatedPerRequest) InProcess(ExtenderVerbs verbs, string verb, byte[] body, int iterations)
{
    var samples = new double[iterations];
    using var sink = new MemoryStream(1 << 20);
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < iterations; i++)
    {
        sink.Position = 0;
        var start = Stopwatch.GetTimestamp();
        var args = JsonSerializer.Deserialize(body, ExtenderJsonContext.Default.ExtenderArgs)!;
        if (verb == "predicates")
            JsonSerializer.Serialize(sink, verbs.Filter(args), ExtenderJsonContext.Default.ExtenderFilterResult);
        else
            JsonSerializer.Serialize(sink, verbs.Prioritize(args), ExtenderJsonContext.Default.HostPriorityArray);
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    return (samples, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations);
}

// 10,000 LocalVolume creations followed by the 10,000 matching PVs, spread over the nodes.
static string EventThroughput(SchedulingCache cache, int volumes)
{
    var nodes = cache.Current.Nodes.Count;
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < volumes; i++)
        cache.ApplyLocalVolume(new LocalVolumeFact($"bench-{i}", ClusterFixture.NodeName(i % nodes), VolumeType.LVM, "open-local-pool-1", ClusterFixture.Gi, 0, false));
    for (var i = 0; i < volumes; i++)
        cache.ApplyPersistentVolume(new PersistentVolumeFact($"bench-{i}", $"bench-{i}", ClusterFixture.NodeName(i % nodes), VolumeType.LVM, "open-local-pool-1", ClusterFixture.Gi, "Bound"));
    var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    return string.Create(CultureInfo.InvariantCulture,
        $"event throughput on {nodes:N0} nodes: {2 * volumes:N0} LocalVolume/PV events in {seconds * 1000:F0} ms = {2 * volumes / seconds:N0} events/s");
}

static string Breakdown(int nodes)
{
    var cache = ClusterFixture.Build(nodes);
    var verbs = new ExtenderVerbs(cache, new ExtenderOptions(), new ExtenderMetrics());
    var body = Encoding.UTF8.GetBytes(ClusterFixture.Request(nodes));
    var args = JsonSerializer.Deserialize(body, ExtenderJsonContext.Default.ExtenderArgs)!;
    var filtered = verbs.Filter(args);
    var scored = verbs.Prioritize(args);
    using var sink = new MemoryStream(1 << 20);
    const int Rounds = 300;
    var decode = Measure(Rounds, () => JsonSerializer.Deserialize(body, ExtenderJsonContext.Default.ExtenderArgs));
    var filter = Measure(Rounds, () => verbs.Filter(args));
    var cluster = cache.Current;
    var lookups = Measure(Rounds, () => { foreach (var n in args.NodeNames!) cluster.FindNode(n); });
    var encodeFilter = Measure(Rounds, () => { sink.Position = 0; JsonSerializer.Serialize(sink, filtered, ExtenderJsonContext.Default.ExtenderFilterResult); });
    var prioritize = Measure(Rounds, () => verbs.Prioritize(args));
    var encodeScores = Measure(Rounds, () => { sink.Position = 0; JsonSerializer.Serialize(sink, scored, ExtenderJsonContext.Default.HostPriorityArray); });
    var before = GC.GetAllocatedBytesForCurrentThread();
    verbs.Filter(args);
    var filterBytes = GC.GetAllocatedBytesForCurrentThread() - before;
    before = GC.GetAllocatedBytesForCurrentThread();
    verbs.Prioritize(args);
    var prioritizeBytes = GC.GetAllocatedBytesForCurrentThread() - before;
    return string.Create(CultureInfo.InvariantCulture,
        $"| {nodes:N0} | {Cpu(decode)} | {Cpu(lookups)} | {Cpu(filter)} | {Cpu(encodeFilter)} | {Cpu(prioritize)} | {Cpu(encodeScores)} | {filterBytes / 1024.0:F1} KiB / {prioritizeBytes / 1024.0:F1} KiB |");
}

// CPU time per operation (process CPU over the batch / rounds): robust against a machine whose
// other tenants keep both cores busy, where wall-clock medians mostly measure waiting for a core.
static double Measure(int rounds, Action action)
{
    for (var i = 0; i < 50; i++)
        action();
    var process = Process.GetCurrentProcess();
    var before = process.TotalProcessorTime;
    for (var i = 0; i < rounds; i++)
        action();
    process.Refresh();
    return (process.TotalProcessorTime - before).TotalMilliseconds / rounds;
}

static string Cpu(double ms) => ms.ToString("F3", CultureInfo.InvariantCulture) + " ms";

static string Ms(double[] samples, double quantile)
{
    var sorted = (double[])samples.Clone();
    Array.Sort(sorted);
    var index = Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1);
    return sorted[index].ToString("F2", CultureInfo.InvariantCulture) + " ms";
}

static string RuntimeInfo() => $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
