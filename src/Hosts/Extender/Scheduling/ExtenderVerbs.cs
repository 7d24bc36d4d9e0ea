using System.Buffers;
using System.Text.Json;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>
/// The two scheduler verbs over one <see cref="ClusterSnapshot"/>: the pod's demands are resolved
/// once, then each candidate node is evaluated with the pure Domain checks. No lock, no LINQ and
/// nothing allocated per node except what the answer holds (extender.md §11): candidate names are
/// looked up as the UTF-8 bytes of the request and answered with the cache's own name strings.
/// </summary>
public sealed class ExtenderVerbs(SchedulingCache cache, ExtenderOptions options, ExtenderMetrics metrics)
{

    /// <summary>How many candidates the request names (the length of the priorities answer).</summary>
    public static int CandidateCount(ExtenderArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.NodeNames?.Count ?? args.Nodes?.Items?.Count ?? 0;
    }

    public ExtenderFilterResult Filter(ExtenderArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cluster = cache.Current;
        var byName = args.NodeNames is not null;
        using var fromObjects = byName ? null : NodeNamesOf(args.Nodes);
        var names = args.NodeNames ?? fromObjects!;
        var count = names.Count;
        var demands = cluster.IsReady ? PodDemandResolver.Resolve(args.Pod, cluster) : PodDemands.Failed(FitMessages.CacheNotReady);
        var resolved = ArrayPool<string>.Shared.Rent(count);
        var failures = ArrayPool<string?>.Shared.Rent(count);
        try
        {
            ForEachCandidateRange(count, (start, end) =>
            {
                var scratch = SchedulingScratch.ForCurrentThread();
                for (var i = start; i < end; i++)
                {
                    var node = cluster.FindNode(names.Utf8(i));
                    resolved[i] = node?.Name ?? names.NameAt(i);
                    failures[i] = StorageFit.Check(node, resolved[i], demands, options.Strategy, scratch);
                }
            });
            return Answer(args, byName, count, resolved, failures);
        }
        finally
        {
            ArrayPool<string>.Shared.Return(resolved, clearArray: true);
            ArrayPool<string?>.Shared.Return(failures, clearArray: true);
        }
    }

    public HostPriority[] Prioritize(ExtenderArgs args)
    {
        var scores = new HostPriority[CandidateCount(args)];
        Prioritize(args, scores);
        return scores;
    }

    /// <summary>Scores every candidate, in request order, into the first <see cref="CandidateCount"/> entries of <paramref name="scores"/>.</summary>
    public void Prioritize(ExtenderArgs args, HostPriority[] scores)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(scores);
        var cluster = cache.Current;
        using var fromObjects = args.NodeNames is null ? NodeNamesOf(args.Nodes) : null;
        var names = args.NodeNames ?? fromObjects!;
        ArgumentOutOfRangeException.ThrowIfLessThan(scores.Length, names.Count, nameof(scores));
        var demands = cluster.IsReady ? PodDemandResolver.Resolve(args.Pod, cluster) : PodDemands.Failed(FitMessages.CacheNotReady);
        ForEachCandidateRange(names.Count, (start, end) =>
        {
            var scratch = SchedulingScratch.ForCurrentThread();
            for (var i = start; i < end; i++)
            {
                var node = cluster.FindNode(names.Utf8(i));
                var name = node?.Name ?? names.NameAt(i);
                scores[i] = new HostPriority(name, StorageScore.Score(node, name, demands, options.Strategy, options.AntiAffinity, scratch));
            }
        });
    }

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

    private ExtenderFilterResult Answer(ExtenderArgs args, bool byName, int count, string[] resolved, string?[] failures)
    {
        var result = new ExtenderFilterResult();
        List<JsonElement>? passedNodes = null;
        if (byName)
            result.NodeNames = new List<string>(count);
        else
            result.Nodes = new NodeListWire { Items = passedNodes = new List<JsonElement>(count) };
        var passed = 0;
        for (var i = 0; i < count; i++)
        {
            if (failures[i] is { } failure)
            {
                // Storage failures are not solved by preempting pods (§3.2, E19).
                result.FailedAndUnresolvableNodes[resolved[i]] = failure;
                continue;
            }
            passed++;
            if (byName)
                result.NodeNames!.Add(resolved[i]);
            else
                passedNodes!.Add(args.Nodes!.Items![i]);
        }
        metrics.CountVerdicts(passed, count - passed);
        return result;
    }

    // nodeCacheCapable: false — the names come from the full Node objects (E2).
    private static NodeNameList NodeNamesOf(NodeListWire? nodes)
    {
        var items = nodes?.Items;
        var names = new NodeNameList(items?.Count ?? 0);
        if (items is null)
            return names;
        foreach (var item in items)
        {
            var name = item.ValueKind == JsonValueKind.Object
                && item.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
                && meta.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : "";
            names.Add(name);
        }
        return names;
    }
}
