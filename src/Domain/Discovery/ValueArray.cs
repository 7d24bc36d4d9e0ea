using System.Collections;
using System.Collections.Immutable;

namespace OpenLocal.Domain.Discovery;

/// <summary>
/// An immutable list with value equality, so the NLS spec and status records compare by content
/// (crds.md §3 step 5 "semantic comparison", node-agent.md §5 change detection). The default value
/// is the empty list: open-local omits empty lists, we treat absent and empty alike.
/// </summary>
public readonly struct ValueArray<T> : IReadOnlyList<T>, IEquatable<ValueArray<T>>
{
    private readonly ImmutableArray<T> _items;

    public ValueArray(IEnumerable<T>? items) => _items = items is null ? [] : [.. items];

    public static ValueArray<T> Empty => default;

    private ImmutableArray<T> Items => _items.IsDefault ? [] : _items;

    public int Count => Items.Length;

    public T this[int index] => Items[index];

    public bool IsEmpty => Count == 0;

    public ValueArray<T> Sorted(IComparer<T> comparer)
    {
        var copy = Items.ToBuilder();
        copy.Sort(comparer);
        return new ValueArray<T>(copy);
    }

    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    public bool Equals(ValueArray<T> other) => Items.AsSpan().SequenceEqual(other.Items.AsSpan(), EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is ValueArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items)
            hash.Add(item);
        return hash.ToHashCode();
    }

    public static bool operator ==(ValueArray<T> left, ValueArray<T> right) => left.Equals(right);

    public static bool operator !=(ValueArray<T> left, ValueArray<T> right) => !left.Equals(right);

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>Creation helpers (collection expressions and LINQ results).</summary>
public static class ValueArray
{
    public static ValueArray<T> Of<T>(params T[] items) => new(items);

    public static ValueArray<T> ToValueArray<T>(this IEnumerable<T>? items) => new(items);
}
