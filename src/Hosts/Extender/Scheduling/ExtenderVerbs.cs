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
    /// <summary>The predicates verdict of every candidate; dispose it after writing the answer.</summary>
    public FilterVerdicts Filter(ExtenderArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cluster = cache.Current;
        var names = args.Candidates;
        var demands = Demands(args, cluster);
        var verdicts = new FilterVerdicts(args, names.Count);
        EvaluateAll(args, cluster, verdicts, verdicts.Abandon, (index, node, scratch) =>
        {
            // A known node's name is the cache's string; only unknown names become new strings.
            var name = node?.Name ?? names.NameAt(index);
            var failure = StorageFit.Check(node, name, demands, options.Strategy, scratch);
            verdicts.Record(index, failure, failure is null ? null : name);
        });
        verdicts.CountFailures();
        metrics.CountVerdicts(verdicts.Count - verdicts.FailedCount, verdicts.FailedCount);
        return verdicts;
    }

    /// <summary>The score of every candidate, in request order; dispose it after writing the answer.</summary>
    public PriorityScores Prioritize(ExtenderArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cluster = cache.Current;
        var names = args.Candidates;
        var demands = Demands(args, cluster);
        var scores = new PriorityScores(args, names.Count);
        var slots = scores.Slots;
        EvaluateAll(args, cluster, scores, scores.Abandon, (index, node, scratch) =>
            slots[index] = StorageScore.Score(node, node?.Name ?? names.NameAt(index), demands, options.Strategy, options.AntiAffinity, scratch));
        return scores;
    }

    private static PodDemands Demands(ExtenderArgs args, ClusterSnapshot cluster) =>
        cluster.IsReady ? PodDemandResolver.Resolve(args.Pod, cluster) : PodDemands.Failed(FitMessages.CacheNotReady);

    private delegate void CandidateEvaluation(int index, NodeSnapshot? node, SchedulingScratch scratch);

    // Candidates are independent (pure checks over one immutable snapshot, per-thread scratch), so a
    // large request is split over the cores (ADR-0044, ADR-0046): kube-scheduler waits for the answer,
    // the cores would otherwise idle. Small requests stay on the request thread. The answer is
    // disposed if evaluation fails; a helper still running at the end makes the request and the
    // answer leave their buffers to the GC.
    private void EvaluateAll(ExtenderArgs args, ClusterSnapshot cluster, IDisposable answer, Action abandonAnswer, CandidateEvaluation evaluate)
    {
        var names = args.Candidates;
        // Parts of ~256 candidates: long enough for the walk's look-ahead to pay off, short enough
        // that evaluating a late helper's part again costs little.
        var parts = names.Count < options.ParallelThreshold ? 1 : Math.Max(2, names.Count / 256);
        try
        {
            CandidateSweep.Run(names.Count, parts, Environment.ProcessorCount - 1, (start, end) =>
            {
                var scratch = SchedulingScratch.ForCurrentThread();
                var walk = cluster.Nodes.Walk(names, start, end);
                while (walk.MoveNext())
                    evaluate(walk.Index, walk.Node, scratch);
            }, abandon: () =>
            {
                args.Abandon();
                abandonAnswer();
            });
        }
        catch
        {
            answer.Dispose();
            throw;
        }
    }
}
