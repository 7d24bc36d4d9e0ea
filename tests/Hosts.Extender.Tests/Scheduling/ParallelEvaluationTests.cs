using System.Text;
using System.Text.Json;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Tests.Scheduling;

/// <summary>
/// Large requests are evaluated on all cores (ADR-0044): the answer must be exactly the one a
/// single thread gives — same verdicts, same failure texts, same scores, request order kept.
/// </summary>
public sealed class ParallelEvaluationTests
{
    private const long Gi = 1L << 30;
    private const int Nodes = 3_000;

    [Fact]
    public void Filter_and_prioritize_answer_the_same_on_all_cores_as_on_one()
    {
        var cache = MixedCluster();
        var json = Request();
        var parallel = new ExtenderVerbs(cache, new ExtenderOptions { ParallelThreshold = 1 }, new ExtenderMetrics());
        var single = new ExtenderVerbs(cache, new ExtenderOptions { ParallelThreshold = int.MaxValue }, new ExtenderMetrics());

        var (parallelFilter, parallelScores) = Evaluate(parallel, json);
        var (singleFilter, singleScores) = Evaluate(single, json);

        Assert.Equal(singleFilter.Passed, parallelFilter.Passed);
        Assert.Equal(singleFilter.Failed.OrderBy(p => p.Key, StringComparer.Ordinal),
            parallelFilter.Failed.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(singleScores, parallelScores);
        // The cluster really mixes outcomes, so the comparison above covers every branch.
        Assert.InRange(singleFilter.Passed.Count, 1, Nodes);
        Assert.NotEmpty(singleFilter.Failed);
        Assert.True(singleScores.Select(s => s.Score).Distinct().Count() > 2, "scores should differ between nodes");
        Assert.Equal(NodeName(Nodes), singleScores[^1].Host);
    }

    private static ((List<string> Passed, Dictionary<string, string> Failed) Filter, (string Host, int Score)[] Scores) Evaluate(ExtenderVerbs verbs, byte[] json)
    {
        using var filterArgs = JsonSerializer.Deserialize(json, ExtenderJsonContext.Default.ExtenderArgs)!;
        using var verdicts = verbs.Filter(filterArgs);
        var filter = (verdicts.PassedNames(), verdicts.Failures());
        using var scoreArgs = JsonSerializer.Deserialize(json, ExtenderJsonContext.Default.ExtenderArgs)!;
        using var scores = verbs.Prioritize(scoreArgs);
        var pairs = new (string Host, int Score)[scores.Count];
        for (var i = 0; i < pairs.Length; i++)
            pairs[i] = (scoreArgs.Candidates.NameAt(i), scores.Values[i]);
        return (filter, pairs);
    }

    // Node i has a VG of (i % 50) Gi: the 20Gi claim fits from node 20 on, with scores that vary.
    // One name more than the cluster has: unknown, so it fails alone.
    private static SchedulingCache MixedCluster()
    {
        var cache = new SchedulingCache();
        cache.ApplyStorageClass(new StorageClassFact("open-local-lvm", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "LVM" }));
        cache.ApplyClaim(new ClaimFact("default", "html-nginx-lvm-0", "Pending", "open-local-lvm", 20 * Gi, 0));
        for (var i = 0; i < Nodes; i++)
            cache.ApplyNodeStorage(new NodeStorageReport(NodeName(i), false, [new ReportedVolumeGroup("open-local-pool-0", (i % 50) * Gi)], [], []));
        cache.MarkReady();
        return cache;
    }

    private static byte[] Request()
    {
        var recorded = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", "filter-node-names.json"));
        var names = JsonSerializer.Serialize(Enumerable.Range(0, Nodes + 1).Select(NodeName));
        return Encoding.UTF8.GetBytes(recorded.Replace("""["node-1", "node-2", "node-3", "node-unknown"]""", names, StringComparison.Ordinal));
    }

    private static string NodeName(int i) => $"node-{i:D5}";
}
