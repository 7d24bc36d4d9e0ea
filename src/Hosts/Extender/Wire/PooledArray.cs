using System.Buffers;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>Growing an array rented from <see cref="ArrayPool{T}.Shared"/>: the request buffers of the extender.</summary>
internal static class PooledArray
{
    /// <summary>A rented array of at least <paramref name="size"/> holding the first <paramref name="used"/> items of <paramref name="old"/>, which goes back to the pool.</summary>
    public static T[] Grow<T>(T[] old, int size, int used)
    {
        var grown = ArrayPool<T>.Shared.Rent(size);
        Array.Copy(old, grown, used);
        if (old.Length > 0)
            ArrayPool<T>.Shared.Return(old);
        return grown;
    }
}
