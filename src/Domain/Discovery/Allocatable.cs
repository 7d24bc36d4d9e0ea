namespace OpenLocal.Domain.Discovery;

/// <summary>The bytes of a VG OpenLocal may hand out (node-agent.md §3.2, crds.md §1.5).</summary>
public static class Allocatable
{
    /// <summary><c>max(0, min(total − foreign, total − reserved))</c>.</summary>
    public static long Compute(long totalBytes, long foreignBytes, long reservedBytes) =>
        Math.Max(0, Math.Min(totalBytes - foreignBytes, totalBytes - reservedBytes));
}
