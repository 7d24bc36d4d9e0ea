using System.Collections;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Cache;

/// <summary>
/// Immutable name → <see cref="NodeSnapshot"/> map tuned for the request path: a fixed array of
/// small shards, each a flat array of (hash, node) compared by the node's UTF-8 name. A lookup is
/// one hash, one shard and a short scan — a few cache lines, against ~13 tree hops in an
/// ImmutableDictionary of 5,000 nodes.
/// An update copies the shard array and one shard (copy-on-write), so the single writer can
/// publish after every event (ADR-0026).
/// </summary>
public sealed class NodeTable : IEnumerable<NodeSnapshot>
{
    private const int ShardCount = 1024;
    private const int StackLimit = 256;

    // A NodeSnapshot object and its figures for a node with a few VGs and a dozen devices.
    private const int NodeLines = 5;
    private static readonly Entry[] NoEntries = [];

    private readonly Entry[][] _shards;

    private NodeTable(Entry[][] shards, int count)
    {
        _shards = shards;
        Count = count;
    }

    public static NodeTable Empty { get; } = new(CreateEmptyShards(), 0);

    public int Count { get; }

    public IEnumerable<NodeSnapshot> Values => this;

    public NodeSnapshot this[string name] => Find(name) ?? throw new KeyNotFoundException($"node {name} is not in the cache");

    public bool ContainsKey(string name) => Find(name) is not null;

    public NodeSnapshot? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Find(name.AsSpan());
    }

    public NodeSnapshot? Find(ReadOnlySpan<char> name) => Find(ToUtf8(name, stackalloc byte[StackLimit]));

    /// <summary>
    /// Lookup by UTF-8 bytes as they arrive in a request (ADR-0041): hashed and compared as bytes,
    /// so a request's names are neither transcoded nor turned into strings.
    /// </summary>
    public NodeSnapshot? Find(ReadOnlySpan<byte> utf8Name) => Find(utf8Name, Hash(utf8Name));

    /// <summary>The lookup for a name whose <see cref="Hash"/> the caller already has (<see cref="CandidateWalk"/>).</summary>
    internal NodeSnapshot? Find(ReadOnlySpan<byte> utf8Name, int hash)
    {
        var shard = _shards[hash & (ShardCount - 1)];
        for (var i = 0; i < shard.Length; i++)
        {
            if (shard[i].Hash == hash && utf8Name.SequenceEqual(shard[i].Node.Utf8Name))
                return shard[i].Node;
        }
        return null;
    }

    /// <summary>
    /// The candidates <paramref name="start"/> to <paramref name="end"/> of a request resolved in
    /// order, looking ahead so that the next nodes' memory is on its way meanwhile (ADR-0046).
    /// </summary>
    public CandidateWalk Walk(NodeNameList names, int start, int end) => new(this, names, start, end);

    /// <summary>Starts loading the shard <paramref name="hash"/> falls in (<see cref="CandidateWalk"/>'s first step).</summary>
    internal void PrefetchShard(int hash) => CacheLines.Prefetch(_shards[hash & (ShardCount - 1)]);

    /// <summary>
    /// The first node whose name has <paramref name="hash"/>, not yet compared by name, with its
    /// memory on its way: the object and, allocated right behind it, its figures (ADR-0045).
    /// </summary>
    internal NodeSnapshot? FetchByHash(int hash)
    {
        var shard = _shards[hash & (ShardCount - 1)];
        for (var i = 0; i < shard.Length; i++)
        {
            if (shard[i].Hash == hash)
            {
                CacheLines.Prefetch(shard[i].Node, NodeLines);
                return shard[i].Node;
            }
        }
        return null;
    }

    /// <summary>A table with <paramref name="node"/> added or replaced.</summary>
    public NodeTable Set(NodeSnapshot node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var hash = Hash(node.Utf8Name);
        var index = hash & (ShardCount - 1);
        var shard = _shards[index];
        var shards = (Entry[][])_shards.Clone();
        for (var i = 0; i < shard.Length; i++)
        {
            if (shard[i].Hash == hash && string.Equals(shard[i].Node.Name, node.Name, StringComparison.Ordinal))
            {
                var replaced = (Entry[])shard.Clone();
                replaced[i] = shard[i] with { Node = node };
                shards[index] = replaced;
                return new NodeTable(shards, Count);
            }
        }
        var grown = new Entry[shard.Length + 1];
        shard.CopyTo(grown, 0);
        grown[^1] = new Entry(hash, node);
        shards[index] = grown;
        return new NodeTable(shards, Count + 1);
    }

    /// <summary>A table without <paramref name="name"/> (the same table if it is absent).</summary>
    public NodeTable Remove(string name)
    {
        var hash = Hash(ToUtf8(name, stackalloc byte[StackLimit]));
        var index = hash & (ShardCount - 1);
        var shard = _shards[index];
        for (var i = 0; i < shard.Length; i++)
        {
            if (shard[i].Hash != hash || !string.Equals(shard[i].Node.Name, name, StringComparison.Ordinal))
                continue;
            var shrunk = new Entry[shard.Length - 1];
            Array.Copy(shard, 0, shrunk, 0, i);
            Array.Copy(shard, i + 1, shrunk, i, shard.Length - i - 1);
            var shards = (Entry[][])_shards.Clone();
            shards[index] = shrunk;
            return new NodeTable(shards, Count - 1);
        }
        return this;
    }

    public IEnumerator<NodeSnapshot> GetEnumerator()
    {
        foreach (var shard in _shards)
        {
            foreach (var entry in shard)
                yield return entry.Node;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Node names are DNS subdomains of at most 253 characters: their UTF-8 fits on the stack; longer
    // (invalid) names go to the heap. Lone surrogates become U+FFFD, as in Encoding.UTF8.
    private static ReadOnlySpan<byte> ToUtf8(ReadOnlySpan<char> name, Span<byte> stack)
    {
        var buffer = name.Length * 3 <= stack.Length ? stack : new byte[name.Length * 3];
        return buffer[..System.Text.Encoding.UTF8.GetBytes(name, buffer)];
    }

    // Over the UTF-8 bytes, with HashCode's per-process random seed (no hash flooding from request names).
    internal static int Hash(ReadOnlySpan<byte> utf8Name)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8Name);
        return hash.ToHashCode() & int.MaxValue;
    }

    private static Entry[][] CreateEmptyShards()
    {
        var shards = new Entry[ShardCount][];
        Array.Fill(shards, NoEntries);
        return shards;
    }

    // The name's bytes are the node's own (NodeSnapshot.Utf8Name), next to what the checks read.
    private readonly record struct Entry(int Hash, NodeSnapshot Node);
}
