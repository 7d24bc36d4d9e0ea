using OpenLocal.Domain.Failures;

namespace OpenLocal.Domain.Volumes;

/// <summary>LVM allocates whole physical extents; OpenLocal sizes LVM volumes in lvm2's default extent (csi.md §5.1).</summary>
public static class LvmExtent
{
    public const long DefaultBytes = 4L << 20;

    /// <summary>Rounds up to a whole number of extents.</summary>
    public static long RoundUp(long bytes, long extentBytes = DefaultBytes)
    {
        if (bytes < 0)
            throw StorageException.InvalidArgument("size must not be negative");
        if (extentBytes < 1)
            throw StorageException.InvalidArgument("extent size must be positive");
        var extents = (bytes / extentBytes) + (bytes % extentBytes == 0 ? 0 : 1);
        if (extents > long.MaxValue / extentBytes)
            throw StorageException.OutOfRange($"{bytes} bytes cannot be rounded up to whole {extentBytes}-byte extents");
        return extents * extentBytes;
    }
}
