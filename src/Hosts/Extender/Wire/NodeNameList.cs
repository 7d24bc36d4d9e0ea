using System.Text;
using System.Text.Json.Serialization;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>
/// The <c>NodeNames</c> of a request as UTF-8 bytes in one pooled buffer, not one string per node:
/// a 5,000-node request would otherwise allocate 5,000 strings that the cache already holds
/// (extender.md §11, ADR-0041). <see cref="Cache.ClusterSnapshot.FindNode(ReadOnlySpan{byte})"/>
/// maps each entry to the node's existing name; only names the cache does not know become strings.
/// Dispose returns the buffers to the pool.
/// </summary>
[JsonConverter(typeof(NodeNameListConverter))]
public sealed class NodeNameList : IDisposable
{
    private byte[] _bytes;
    private int[] _ends;
    private int _length;
    private bool _abandoned;

    public NodeNameList(int expectedCount = 16)
    {
        var count = Math.Max(expectedCount, 4);
        _ends = PooledArray.Rent<int>(count);
        _bytes = PooledArray.Rent<byte>(count * 16);
    }

    public int Count { get; private set; }

    /// <summary>The UTF-8 bytes of name <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Utf8(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        var start = index == 0 ? 0 : _ends[index - 1];
        return _bytes.AsSpan(start, _ends[index] - start);
    }

    /// <summary>Name <paramref name="index"/> as a new string (for names the cache does not know).</summary>
    public string NameAt(int index) => Encoding.UTF8.GetString(Utf8(index));

    public void Add(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var written = Encoding.UTF8.GetBytes(name, Reserve(Encoding.UTF8.GetMaxByteCount(name.Length)));
        Commit(written);
    }

    /// <summary>Room for one more name of at most <paramref name="maxBytes"/> bytes; <see cref="Commit"/> ends it.</summary>
    internal Span<byte> Reserve(int maxBytes)
    {
        if (Count == _ends.Length)
            _ends = PooledArray.Grow(_ends, _ends.Length * 2, Count);
        if (_length + maxBytes > _bytes.Length)
            _bytes = PooledArray.Grow(_bytes, Math.Max(_bytes.Length * 2, _length + maxBytes), _length);
        return _bytes.AsSpan(_length, maxBytes);
    }

    internal void Commit(int bytes)
    {
        _length += bytes;
        _ends[Count++] = _length;
    }

    /// <summary>A late evaluation helper may still read the names (ADR-0046): Dispose leaves them to the GC, as they are.</summary>
    internal void Abandon() => _abandoned = true;

    public void Dispose()
    {
        if (_abandoned)
            return;
        PooledArray.Return(ref _bytes);
        PooledArray.Return(ref _ends);
        Count = 0;
        _length = 0;
    }
}
