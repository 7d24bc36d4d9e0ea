namespace OpenLocal.Hosts.Extender.Cache;

/// <summary>
/// The <c>kubernetes.io/hostname</c> label of every watched Node, both ways. PVs pin their volume by
/// that label's value (csi.md topology key), which is usually, but not always, the node name;
/// everything else in the cache is keyed by node name. A value no Node carries resolves to itself
/// (open-local's assumption), so clusters without a Node feed behave as before. Writer-side only.
/// </summary>
internal sealed class NodeHostnames
{
    private readonly Dictionary<string, string> _byNode = new(StringComparer.Ordinal);

    // Several nodes could claim one hostname (a misconfiguration); the smallest name wins, deterministically.
    private readonly Dictionary<string, SortedSet<string>> _byHostname = new(StringComparer.Ordinal);

    /// <summary>The node a PV's hostname value designates.</summary>
    public string Resolve(string hostname) =>
        _byHostname.TryGetValue(hostname, out var nodes) ? nodes.Min! : hostname;

    /// <summary>The node's hostname label; its name while the Node is unknown.</summary>
    public string HostnameOf(string node) => _byNode.GetValueOrDefault(node) ?? node;

    /// <returns>The hostname values whose resolution may have changed, or null when nothing changed.</returns>
    public string[]? Set(string node, string hostname)
    {
        var old = _byNode.GetValueOrDefault(node);
        if (string.Equals(old, hostname, StringComparison.Ordinal))
            return null;
        _byNode[node] = hostname;
        if (!_byHostname.TryGetValue(hostname, out var nodes))
            _byHostname[hostname] = nodes = new SortedSet<string>(StringComparer.Ordinal);
        nodes.Add(node);
        if (old is null)
            return [hostname];
        Unlink(old, node);
        return [old, hostname];
    }

    /// <returns>The hostname value whose resolution may have changed, or null when the node was unknown.</returns>
    public string[]? Remove(string node)
    {
        if (!_byNode.Remove(node, out var old))
            return null;
        Unlink(old, node);
        return [old];
    }

    private void Unlink(string hostname, string node)
    {
        if (_byHostname.TryGetValue(hostname, out var nodes) && nodes.Remove(node) && nodes.Count == 0)
            _byHostname.Remove(hostname);
    }
}
