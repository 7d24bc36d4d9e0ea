using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OpenLocal.Hosts.Extender.Cache;

namespace OpenLocal.Benchmarks;

/// <summary>
/// What the cache's live heap consists of (docs/benchmarks.md): the GC heap after a full
/// collection as the fixture is built in stages, and the size of the snapshot's PV map alone.
/// </summary>
internal static class MemoryProbe
{
    public static string Run(int nodes)
    {
        var output = new StringBuilder();
        var baseline = Live();
        var cache = new SchedulingCache();
        var reports = Live();
        for (var n = 0; n < nodes; n++)
            cache.ApplyNodeStorage(ClusterFixture.Report(n));
        var withNodes = Live();
        for (var n = 0; n < nodes; n++)
        {
            foreach (var fact in ClusterFixture.LocalVolumes(n))
                cache.ApplyLocalVolume(fact);
        }
        var withLocalVolumes = Live();
        var pvCount = 0;
        for (var n = 0; n < nodes; n++)
        {
            foreach (var fact in ClusterFixture.PersistentVolumes(n))
            {
                cache.ApplyPersistentVolume(fact);
                pvCount++;
            }
        }
        var withPersistentVolumes = Live();
        // A second map over the same facts: what the map itself costs.
        var builder = ImmutableDictionary.CreateBuilder<string, PersistentVolumeFact>(StringComparer.Ordinal);
        foreach (var (name, fact) in cache.Current.PersistentVolumes)
            builder[name] = fact;
        var map = builder.ToImmutable();
        var withSecondMap = Live();
        GC.KeepAlive(map);
        GC.KeepAlive(cache);
        var volumes = nodes * 20;
        output.AppendLine(CultureInfo.InvariantCulture, $"live GC heap, {nodes:N0} nodes, {volumes:N0} placed volumes (after a full GC at each stage):");
        output.AppendLine();
        output.AppendLine("| stage | live heap added | per item |");
        output.AppendLine("|---|---|---|");
        Row(output, "the empty cache object", reports - baseline, 1);
        Row(output, $"{nodes:N0} NodeLocalStorage reports (2 VGs, 4 devices each)", withNodes - reports, nodes);
        Row(output, $"{nodes * 20:N0} LocalVolumes", withLocalVolumes - withNodes, nodes * 20);
        Row(output, $"{pvCount:N0} PersistentVolumes of those volumes", withPersistentVolumes - withLocalVolumes, pvCount);
        Row(output, "  of which the snapshot's PV map (ImmutableDictionary, measured as a second copy)", withSecondMap - withPersistentVolumes, pvCount);
        output.AppendLine(CultureInfo.InvariantCulture, $"\ntotal live heap of the cache: {Mib(withPersistentVolumes - reports)}");
        return output.ToString();
    }

    private static long Live()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes - GC.GetGCMemoryInfo(GCKind.FullBlocking).FragmentedBytes;
    }

    private static void Row(StringBuilder output, string stage, long bytes, int items) =>
        output.AppendLine(CultureInfo.InvariantCulture, $"| {stage} | {Mib(bytes)} | {bytes / (double)items:F0} B |");

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture) + " MiB";
}
