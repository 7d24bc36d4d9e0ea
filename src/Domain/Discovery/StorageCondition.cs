namespace OpenLocal.Domain.Discovery;

/// <summary>
/// <c>StorageConditionType</c> of the NLS status (crds.md §1.3). Ordered by severity so the node state
/// is the maximum over its parts (node-agent.md §6: DiskFault &gt; DiskFull &gt; DiskReady).
/// </summary>
public enum StorageCondition
{
    DiskReady = 0,
    DiskFull = 1,
    DiskFault = 2,
}

/// <summary><c>status.nodeStorageInfo.phase</c>: Pending until the first successful discovery, then Running.</summary>
public enum NodeStoragePhase
{
    Pending,
    Running,
    Terminated,
}

/// <summary><c>filteredStorageInfo.updateStatusInfo.updateStatus</c>; lower case on the wire.</summary>
public enum FilterUpdateStatus
{
    Pending,
    Accepted,
    Failed,
}
