using System.Buffers;
using System.Runtime.CompilerServices;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>
/// Renting, growing and returning the request and answer buffers of the extender. Arrays up to
/// <see cref="MaxPooledBytes"/> come from <see cref="ArrayPool{T}.Shared"/> and go back to it;
/// larger ones — only a request beyond the largest real cluster needs them — are allocated for
/// that request and left to the GC, so one oversize request does not pin its buffers in the pool
/// for the life of the process (issue 19 item 6, ADR 0050).
/// </summary>
internal static class PooledArray
{
    /// <summary>4 MiB: 15,000 node names of the longest DNS length (253 bytes) still fit in one pooled buffer.</summary>
    public const int MaxPooledBytes = 4 << 20;

    public static T[] Rent<T>(int size) =>
        IsPooledSize<T>(size) ? ArrayPool<T>.Shared.Rent(size) : GC.AllocateUninitializedArray<T>(size);

    /// <summary>A rented array of at least <paramref name="size"/> holding the first <paramref name="used"/> items of <paramref name="old"/>, which goes back to the pool.</summary>
    public static T[] Grow<T>(T[] old, int size, int used)
    {
        var grown = Rent<T>(size);
        Array.Copy(old, grown, used);
        Release(old, clearArray: false);
        return grown;
    }

    /// <summary>Returns <paramref name="array"/> to the pool once, however often it is called, and leaves an empty array in its place.</summary>
    public static void Return<T>(ref T[] array, bool clearArray = false) => Release(Interlocked.Exchange(ref array, []), clearArray);

    /// <summary>Returns an array obtained from <see cref="Rent{T}"/> or <see cref="Grow{T}"/> (oversize ones are dropped).</summary>
    public static void Release<T>(T[] array, bool clearArray)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length > 0 && IsPooledSize<T>(array.Length))
            ArrayPool<T>.Shared.Return(array, clearArray);
    }

    private static bool IsPooledSize<T>(int length) => (long)length * Unsafe.SizeOf<T>() <= MaxPooledBytes;
}
