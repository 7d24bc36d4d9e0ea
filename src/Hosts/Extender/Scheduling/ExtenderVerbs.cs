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
        var result = new ExtenderFilterResult();
        List<JsonElement>? passedNodes = null;
        if (byName)
            result.NodeNames = new List<string>(names.Count);
        else
            result.Nodes = new NodeListWire { Items = passedNodes = new List<JsonElement>(names.Count) };

        var demands = cluster.IsReady ? PodDemandResolver.Resolve(args.Pod, cluster) : PodDemands.Failed(FitMessages.CacheNotReady);
        var scratch = SchedulingScratch.ForCurrentThread();
        var passed = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var node = cluster.FindNode(names.Utf8(i));
            var name = node?.Name ?? names.NameAt(i);
            var failure = StorageFit.Check(node, name, demands, options.Strategy, scratch);
            if (failure is null)
            {
                passed++;
                if (byName)
                    result.NodeNames!.Add(name);
                else
                    passedNodes!.Add(args.Nodes!.Items![i]);
            }
            else
            {
                // Storage failures are not solved by preempting pods (§3.2, E19).
                result.FailedAndUnresolvableNodes[name] = failure;
            }
        }
        metrics.CountVerdicts(passed, names.Count - passed);
        return result;
    }

    public HostPriority[] Prioritize(ExtenderArgs args)
    {
        var scores = new HostPriority[CandidateCount(args)];
        Prioritize(args, scores);
        return scores;
    }

    /// <summary>Scores every candidate, in request order, into <paramref name="scores"/> (length <see cref="CandidateCount"/>).</summary>
    public void Prioritize(ExtenderArgs args, Span<HostPriority> scores)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cluster = cache.Current;
        using var fromObjects = args.NodeNames is null ? NodeNamesOf(args.Nodes) : null;
        var names = args.NodeNames ?? fromObjects!;
        ArgumentOutOfRangeException.ThrowIfNotEqual(scores.Length, names.Count, nameof(scores));
        var demands = cluster.IsReady ? PodDemandResolver.Resolve(args.Pod, cluster) : PodDemands.Failed(FitMessages.CacheNotReady);
        var scratch = SchedulingScratch.ForCurrentThread();
        for (var i = 0; i < names.Count; i++)
        {
            var node = cluster.FindNode(names.Utf8(i));
            var name = node?.Name ?? names.NameAt(i);
            scores[i] = new HostPriority(name, StorageScore.Score(node, name, demands, options.Strategy, options.AntiAffinity, scratch));
        }
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
