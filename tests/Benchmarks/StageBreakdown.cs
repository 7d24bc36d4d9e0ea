using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Benchmarks;

/// <summary>
/// Server CPU time per request stage, in process (no HTTP): decode, node lookups, each verb, each
/// encoder, and the bytes each stage allocates. CPU time of the measuring thread rather than wall
/// clock, so the figures hold even when other tenants keep both cores busy.
/// </summary>
internal static class StageBreakdown
{
    private const int Rounds = 300;

    public const string Header =
        "| nodes | decode ExtenderArgs | node lookups only | filter (incl. lookups) | encode filter result | prioritize (incl. lookups) | encode priorities | alloc decode / filter / prioritize |\n" +
        "|---|---|---|---|---|---|---|---|";

    public static string Run(int nodes)
    {
        var cache = ClusterFixture.Build(nodes);
        var verbs = new ExtenderVerbs(cache, new ExtenderOptions { ParallelThreshold = int.MaxValue }, new ExtenderMetrics()); // one thread: CPU per stage
        var body = Encoding.UTF8.GetBytes(ClusterFixture.Request(nodes));
        var args = JsonSerializer.Deserialize(body, ExtenderJsonContext.Default.ExtenderArgs)!;
        using var filtered = verbs.Filter(args);
        using var scored = verbs.Prioritize(args);
        var sink = new ArrayBufferWriter<byte>(1 << 20);
        using var writer = new Utf8JsonWriter(sink, ExtenderResponses.WriterOptions);
        var decode = Measure(() => JsonSerializer.Deserialize(body, ExtenderJsonContext.Default.ExtenderArgs)!.Dispose());
        var filter = Measure(() => verbs.Filter(args).Dispose());
        var cluster = cache.Current;
        var names = args.NodeNames!;
        // The look-ahead walk the verbs resolve candidates with (ADR-0046).
        var lookups = Measure(() =>
        {
            var walk = cluster.Nodes.Walk(names, 0, names.Count);
            while (walk.MoveNext())
            {
            }
        });
        var encodeFilter = Measure(() => { sink.ResetWrittenCount(); writer.Reset(sink); ExtenderResponses.WriteFilterResult(writer, filtered); writer.Flush(); });
        var prioritize = Measure(() => verbs.Prioritize(args).Dispose());
        var encodeScores = Measure(() => { sink.ResetWrittenCount(); writer.Reset(sink); ExtenderResponses.WritePriorities(writer, names, scored.Values); writer.Flush(); });
        var decodeBytes = Allocated(() => JsonSerializer.Deserialize(body, ExtenderJsonContext.Default.ExtenderArgs)!.Dispose());
        var filterBytes = Allocated(() => verbs.Filter(args).Dispose());
        var prioritizeBytes = Allocated(() => verbs.Prioritize(args).Dispose());
        return string.Create(CultureInfo.InvariantCulture,
            $"| {nodes:N0} | {Cpu(decode)} | {Cpu(lookups)} | {Cpu(filter)} | {Cpu(encodeFilter)} | {Cpu(prioritize)} | {Cpu(encodeScores)} | {Kib(decodeBytes)} / {Kib(filterBytes)} / {Kib(prioritizeBytes)} |");
    }

    // CPU time of this thread per operation (/proc/thread-self/stat, 10 ms ticks over >= 300
    // rounds): neither the tiering JIT nor the GC threads count. The warm-up and the pause let
    // tiered compilation finish before the measured rounds.
    private static double Measure(Action action)
    {
        for (var i = 0; i < 200; i++)
            action();
        Thread.Sleep(300);
        var rounds = Rounds;
        var before = ThreadCpu();
        for (var i = 0; i < rounds; i++)
            action();
        // At least 50 ticks, so one tick of rounding is at most 2 %.
        while (ThreadCpu() - before < 500)
        {
            for (var i = 0; i < Rounds; i++)
                action();
            rounds += Rounds;
        }
        return (ThreadCpu() - before) / rounds;
    }

    // utime + stime of the calling thread in milliseconds (proc(5) fields 14 and 15).
    private static double ThreadCpu()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return 10.0 * (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string Cpu(double ms) => ms.ToString("F3", CultureInfo.InvariantCulture) + " ms";

    private static string Kib(long bytes) => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB";
}
