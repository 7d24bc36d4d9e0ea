using System.Runtime.CompilerServices;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Cache;

/// <summary>
/// Resolves a range of a request's candidates to their nodes, in order, as a software pipeline
/// (ADR-0046): the name 16 candidates ahead is hashed and its shard fetched, the node 8 ahead is
/// picked by hash and its object and figures fetched, and the current one is confirmed by name. A
/// lookup alone is three dependent cache misses (shard, node, figures); this way the misses of the
/// next candidates overlap the evaluation of the current one instead of following it.
/// </summary>
public ref struct CandidateWalk
{
    private const int NodesAhead = 8;
    private const int HashesAhead = 2 * NodesAhead;
    private const int RingSize = 16; // a power of two, at least HashesAhead
    private const int RingMask = RingSize - 1;

    private readonly NodeTable _table;
    private readonly NodeNameList _names;
    private readonly int _end;
    private int _next;
    private HashRing _hashes;
    private NodeRing _nodes;

    internal CandidateWalk(NodeTable table, NodeNameList names, int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, names.Count);
        _table = table;
        _names = names;
        _end = end;
        _next = start;
        for (var i = start; i < Math.Min(start + HashesAhead, end); i++)
            HashAhead(i);
        for (var i = start; i < Math.Min(start + NodesAhead, end); i++)
            FetchAhead(i);
    }

    /// <summary>The request index of the current candidate.</summary>
    public int Index { get; private set; }

    /// <summary>The current candidate's node; null when the cache does not know the name.</summary>
    public NodeSnapshot? Node { get; private set; }

    public bool MoveNext()
    {
        var i = _next;
        if (i >= _end)
            return false;
        _next = i + 1;
        if (i + HashesAhead < _end)
            HashAhead(i + HashesAhead);
        if (i + NodesAhead < _end)
            FetchAhead(i + NodesAhead);
        var name = _names.Utf8(i);
        var picked = _nodes[i & RingMask];
        // The hash only picked a node: the name decides. Unknown names and names sharing a hash take
        // the ordinary lookup, with the hash already computed.
        Node = picked is not null && name.SequenceEqual(picked.Utf8Name) ? picked : _table.Find(name, _hashes[i & RingMask]);
        Index = i;
        return true;
    }

    private void HashAhead(int i)
    {
        var hash = NodeTable.Hash(_names.Utf8(i));
        _hashes[i & RingMask] = hash;
        _table.PrefetchShard(hash);
    }

    private void FetchAhead(int i) => _nodes[i & RingMask] = _table.FetchByHash(_hashes[i & RingMask]);

    [InlineArray(RingSize)]
    private struct HashRing
    {
        private int _element;
    }

    [InlineArray(RingSize)]
    private struct NodeRing
    {
        private NodeSnapshot? _element;
    }
}
