using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>
/// The two scheduler verbs over one <see cref="ClusterSnapshot"/>: the pod's demands are resolved
/// once, then each candidate node is evaluated with the pure Domain checks. No lock, no LINQ and
/// nothing allocated per node except what the answer holds (extender.md §11): candidate names are
/// looked up as the UTF-8 bytes of the request and answered with those bytes (ADR-0041).
/// </summary>
public sealed class ExtenderVerbs(SchedulingCache cache, ExtenderOptions options, ExtenderMetrics metrics)
{
    /// <summary>How many candidates the request names (the length of the priorities answer).</summary>
    public static int CandidateCount(ExtenderArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Candidates.Count;
    }

    /// <summary>The predicates verdict of every candidate; dispose it after writing the answer.</summary>
    public FilterVerdicts Filter(ExtenderArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cluster = cache.Current;
        var names = args.Candidates;
        var demands = Demands(args, cluster);
        var verdicts = new FilterVerdicts(args, names.Count);
        try
        {
            ForEachCandidateRange(names.Count, (start, end) =>
            {
                var scratch = SchedulingScratch.ForCurrentThread();
                for (var i = start; i < end; i++)
                {
                    var node = cluster.FindNode(names.Utf8(i));
                    // A known node's name is the cache's string; only unknown names become new strings.
                    var name = node?.Name ?? names.NameAt(i);
                    var failure = StorageFit.Check(node, name, demands, options.Strategy, scratch);
                    verdicts.Record(i, failure, failure is null ? null : name);
                }
            });
        }
        catch
        {
            verdicts.Dispose();
            throw;
        }
        verdicts.CountFailures();
        metrics.CountVerdicts(verdicts.Count - verdicts.FailedCount, verdicts.FailedCount);
        return verdicts;
    }

    public HostPriority[] Prioritize(ExtenderArgs args)
    {
        var scores = new int[CandidateCount(args)];
        Prioritize(args, scores);
        var names = args.Candidates;
        var answer = new HostPriority[scores.Length];
        for (var i = 0; i < scores.Length; i++)
            answer[i] = new HostPriority(names.NameAt(i), scores[i]);
        return answer;
    }

    /// <summary>Scores every candidate, in request order, into the first <see cref="CandidateCount"/> entries of <paramref name="scores"/>.</summary>
    public void Prioritize(ExtenderArgs args, int[] scores)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(scores);
        var cluster = cache.Current;
        var names = args.Candidates;
        ArgumentOutOfRangeException.ThrowIfLessThan(scores.Length, names.Count, nameof(scores));
        var demands = Demands(args, cluster);
        ForEachCandidateRange(names.Count, (start, end) =>
        {
            var scratch = SchedulingScratch.ForCurrentThread();
            for (var i = start; i < end; i++)
            {
                var node = cluster.FindNode(names.Utf8(i));
                scores[i] = StorageScore.Score(node, node?.Name ?? names.NameAt(i), demands, options.Strategy, options.AntiAffinity, scratch);
            }
        });
    }

    private static PodDemands Demands(ExtenderArgs args, ClusterSnapshot cluster) =>
        cluster.IsReady ? PodDemandResolver.Resolve(args.Pod, cluster) : PodDemands.Failed(FitMessages.CacheNotReady);

    // Candidates are independent (pure checks over one immutable snapshot, per-thread scratch), so a
    // large request is split over the cores: kube-scheduler waits for the answer, the cores would
    // otherwise idle (ADR-0044). Small requests stay on the request thread.
    private void ForEachCandidateRange(int count, Action<int, int> evaluate)
    {
        // Parts of at least 250 candidates, a few per core so a late worker does not hold the answer back.
        var parts = count < options.ParallelThreshold ? 1 : Math.Min(Environment.ProcessorCount * 4, count / 250);
        if (parts <= 1)
        {
            evaluate(0, count);
            return;
        }
        Parallel.For(0, parts, part => evaluate((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts)));
    }
}
