using System.Buffers;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>Growing and returning arrays rented from <see cref="ArrayPool{T}.Shared"/>: the request and answer buffers of the extender.</summary>
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

    /// <summary>Returns <paramref name="array"/> to the pool once, however often it is called, and leaves an empty array in its place.</summary>
    public static void Return<T>(ref T[] array, bool clearArray = false)
    {
        var rented = Interlocked.Exchange(ref array, []);
        if (rented.Length > 0)
            ArrayPool<T>.Shared.Return(rented, clearArray);
    }
}
