using System.Globalization;
using System.Runtime;
using OpenLocal.Domain.Placement;
using OpenLocal.Hosts.Extender;
using OpenLocal.Hosts.Extender.Scheduling;

namespace OpenLocal.Benchmarks;

/// <summary>
/// The measured process: the real <see cref="ExtenderServer"/> over the fixture, nothing else, run
/// with the runtime configuration of the <c>openlocal</c> executable (ADR-0040). It prints
/// <c>listening URL</c>, then answers each <c>stats</c> line on stdin with one line of counters
/// (<c>collect</c> forces a full compacting GC first) and exits when stdin closes.
/// </summary>
internal static class ExtenderProcess
{
    public static async Task<int> Serve(int nodes)
    {
        var cache = ClusterFixture.Build(nodes);
        var options = new ExtenderOptions { Address = "127.0.0.1", Port = 0, Strategy = PlacementStrategy.Binpack };
        await using var server = ExtenderServer.Create(options, cache);
        await server.StartAsync();
        Console.Out.WriteLine("listening " + server.BaseAddress);
        Console.Out.Flush();
        while (Console.In.ReadLine() is { } line)
        {
            if (line == "collect")
            {
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }
            Console.Out.WriteLine(Stats());
            Console.Out.Flush();
        }
        await server.StopAsync();
        return 0;
    }

    /// <summary>One line: <c>key=value</c> pairs, parsed by <see cref="ServerStats.Parse"/>.</summary>
    private static string Stats()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return string.Create(CultureInfo.InvariantCulture,
            $"stats allocated={GC.GetTotalAllocatedBytes(precise: true)} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)} " +
            $"pauseMs={GC.GetTotalPauseDuration().TotalMilliseconds:F3} heap={info.HeapSizeBytes} committed={info.TotalCommittedBytes} " +
            $"server={GCSettings.IsServerGC} latency={GCSettings.LatencyMode} concurrent={AppContext.GetData("System.GC.Concurrent") ?? "default"} " +
            $"conserve={AppContext.GetData("System.GC.ConserveMemory") ?? "default"} gen0MaxBudget={AppContext.GetData("System.GC.Gen0MaxBudget") ?? "default"} " +
            $"tieredPgo={AppContext.GetData("System.Runtime.TieredPGO") ?? "default"}");
    }
}
