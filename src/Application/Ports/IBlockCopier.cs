namespace OpenLocal.Application.Ports;

/// <summary>
/// Block-for-block copy of one device into another (copy-mode restore, csi.md §8: sequential,
/// O_DIRECT, 4 MiB chunks, in process or from argv — never a shell). The target must be at least
/// as large as the copied range.
/// </summary>
public interface IBlockCopier
{
    /// <summary>Copies the first <paramref name="bytes"/> bytes of <paramref name="sourceDevice"/> to <paramref name="targetDevice"/>.</summary>
    Task CopyAsync(string sourceDevice, string targetDevice, long bytes, CancellationToken cancellationToken);
}
