using System.Diagnostics;
using System.Globalization;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;

namespace OpenLocal.Benchmarks;

/// <summary>Cache event throughput: LocalVolume creations followed by the matching PVs, spread over the nodes.</summary>
internal static class EventThroughput
{
    public static string Run(int nodes, int volumes)
    {
        var cache = ClusterFixture.Build(nodes);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < volumes; i++)
            cache.ApplyLocalVolume(new LocalVolumeFact($"bench-{i}", ClusterFixture.NodeName(i % nodes), VolumeType.LVM, "open-local-pool-1", ClusterFixture.Gi, 0, false));
        for (var i = 0; i < volumes; i++)
            cache.ApplyPersistentVolume(new PersistentVolumeFact($"bench-{i}", $"bench-{i}", ClusterFixture.NodeName(i % nodes), VolumeType.LVM, "open-local-pool-1", ClusterFixture.Gi, "Bound"));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"event throughput on {nodes:N0} nodes: {2 * volumes:N0} LocalVolume/PV events in {seconds * 1000:F0} ms = {2 * volumes / seconds:N0} events/s");
    }
}
