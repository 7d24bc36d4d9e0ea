using OpenLocal.Domain.Failures;

namespace OpenLocal.Domain.Throttling;

/// <summary>
/// Per-volume IO limits (StorageClass <c>bps</c>/<c>iops</c> apply to read and write alike).
/// Zero means "no limit" for that dimension; negative values are rejected.
/// </summary>
public sealed record IoThrottle
{
    public IoThrottle(long readBytesPerSecond, long writeBytesPerSecond, long readIops, long writeIops)
    {
        if (readBytesPerSecond < 0 || writeBytesPerSecond < 0 || readIops < 0 || writeIops < 0)
            throw StorageException.InvalidArgument("IO throttle limits must not be negative");
        ReadBytesPerSecond = readBytesPerSecond;
        WriteBytesPerSecond = writeBytesPerSecond;
        ReadIops = readIops;
        WriteIops = writeIops;
    }

    public long ReadBytesPerSecond { get; }
    public long WriteBytesPerSecond { get; }
    public long ReadIops { get; }
    public long WriteIops { get; }

    public bool IsUnlimited => ReadBytesPerSecond == 0 && WriteBytesPerSecond == 0 && ReadIops == 0 && WriteIops == 0;

    /// <summary>The StorageClass form: one bps and one iops value for both directions.</summary>
    public static IoThrottle Symmetric(long bytesPerSecond, long iops) => new(bytesPerSecond, bytesPerSecond, iops, iops);
}
