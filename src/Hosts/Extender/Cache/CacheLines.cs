using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace OpenLocal.Hosts.Extender.Cache;

/// <summary>
/// Asks the CPU to start loading memory the request path will read a little later (ADR-0046). A
/// prefetch is only a hint: it never faults, so a stale address (the GC moved the object meanwhile)
/// costs nothing but the wasted fetch. Where the CPU has no managed prefetch (Arm), it does nothing.
/// </summary>
internal static class CacheLines
{
    private const int LineBytes = 64;

    /// <summary>The first <paramref name="lines"/> cache lines from the start of <paramref name="target"/>.</summary>
    public static unsafe void Prefetch(object? target, int lines)
    {
        if (!Sse.IsSupported || target is null)
            return;
        // The reference itself is the object's address; it is used only as a hint, right away.
        var start = (byte*)Unsafe.As<object, nint>(ref target);
        for (var i = 0; i < lines; i++)
            Sse.Prefetch0(start + (i * LineBytes));
    }

    /// <summary>The first cache line of <paramref name="array"/>'s elements.</summary>
    public static unsafe void Prefetch<T>(T[] array)
    {
        if (Sse.IsSupported && array.Length > 0)
            Sse.Prefetch0(Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)));
    }
}
