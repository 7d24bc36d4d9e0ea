namespace OpenLocal.Domain.Discovery;

/// <summary>One <c>nodesConfig</c> entry: a selector (null = matches nothing) and the blocks it imposes.</summary>
public sealed record NodeOverride(LabelSelector? Selector, StorageBlocks Blocks);

/// <summary>
/// The NodeLocalStorageInitConfig (crds.md §2) and the derivation of each node's NLS spec (§3):
/// start from the global blocks, then every matching override in list order replaces all three
/// blocks wholesale (no field merge), so the last match wins.
/// </summary>
public sealed record NodeStorageInitConfig(StorageBlocks Global, ValueArray<NodeOverride> Nodes)
{
    public NodeStorageSpec DesiredSpecFor(string nodeName, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentNullException.ThrowIfNull(labels);
        var blocks = Global;
        foreach (var entry in Nodes)
        {
            if (entry.Selector is not null && entry.Selector.Matches(labels))
                blocks = entry.Blocks;
        }
        return new NodeStorageSpec(nodeName, blocks);
    }
}
