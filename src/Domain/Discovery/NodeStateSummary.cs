namespace OpenLocal.Domain.Discovery;

/// <summary>What is wrong with one part of the node (or a discovery source), for the node state.</summary>
public sealed record StorageProblem(StorageCondition Condition, string Reason, string Message);

/// <summary>
/// The node <c>state</c>: the worst condition over the filtered VGs, devices and mount points
/// (DiskFault &gt; DiskFull &gt; DiskReady) with a reason and the first few offenders (node-agent.md §6).
/// </summary>
public static class NodeStateSummary
{
    public const int MaxNamedOffenders = 3;

    /// <summary>Problems in priority order (VGs, devices, mount points, then sources): the first of the worst kind names the reason.</summary>
    public static (StorageCondition Type, string Reason, string Message) Compute(IReadOnlyList<StorageProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var worst = StorageCondition.DiskReady;
        foreach (var p in problems)
        {
            if (p.Condition > worst)
                worst = p.Condition;
        }
        if (worst == StorageCondition.DiskReady)
            return (worst, "AllReady", "all storage is ready");
        var offenders = problems.Where(p => p.Condition == worst).ToList();
        var message = string.Join("; ", offenders.Take(MaxNamedOffenders).Select(p => p.Message));
        if (offenders.Count > MaxNamedOffenders)
            message += $" (and {offenders.Count - MaxNamedOffenders} more)";
        return (worst, offenders[0].Reason, message);
    }

    /// <summary>
    /// The next state: <c>lastTransitionTime</c> moves only when the type changes (node-agent.md §5 step 6);
    /// the heartbeat is always now.
    /// </summary>
    public static NodeState Next(NodeState? previous, IReadOnlyList<StorageProblem> problems, DateTimeOffset now)
    {
        var (type, reason, message) = Compute(problems);
        var transition = previous?.Type == type && previous.LastTransitionTime is not null ? previous.LastTransitionTime : now;
        return new NodeState(type, "True", reason, message, now, transition);
    }
}
