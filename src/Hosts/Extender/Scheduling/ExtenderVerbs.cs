using System.Text.Json;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>
/// The two scheduler verbs over one <see cref="ClusterSnapshot"/>: the pod's demands are resolved
/// once, then each candidate node is evaluated with the pure Domain checks. No lock, no LINQ and
/// nothing allocated per node except what the answer holds (extender.md §11).
/// </summary>
public sealed class ExtenderVerbs(SchedulingCache cache, ExtenderOptions options, ExtenderMetrics metrics)
{
    public ExtenderFilterResult Filter(ExtenderArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var cluster = cache.Current;
        var byName = args.NodeNames is not null;
        var names = args.NodeNames ?? NodeNamesOf(args.Nodes);
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
            var name = names[i];
            var failure = StorageFit.Check(cluster.FindNode(name), name, demands, options.Strategy, scratch);
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
        ArgumentNullException.ThrowIfNull(args);
        var cluster = cache.Current;
        var names = args.NodeNames ?? NodeNamesOf(args.Nodes);
        var scores = new HostPriority[names.Count];
        var demands = cluster.IsReady ? PodDemandResolver.Resolve(args.Pod, cluster) : PodDemands.Failed(FitMessages.CacheNotReady);
        var scratch = SchedulingScratch.ForCurrentThread();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            scores[i] = new HostPriority(name, StorageScore.Score(cluster.FindNode(name), name, demands, options.Strategy, options.AntiAffinity, scratch));
        }
        return scores;
    }

    // nodeCacheCapable: false — the names come from the full Node objects (E2).
    private static List<string> NodeNamesOf(NodeListWire? nodes)
    {
        var items = nodes?.Items;
        var names = new List<string>(items?.Count ?? 0);
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
