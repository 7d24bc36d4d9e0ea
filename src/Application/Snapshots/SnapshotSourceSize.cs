using OpenLocal.Application.Ports;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Snapshots;

/// <summary>
/// Fills <see cref="Snapshot.SourceSizeBytes"/>, which a copy-mode snapshot's <c>restoreSize</c> needs
/// (ADR-0051), from its source volume when a store did not keep it. The source outlives its snapshots
/// and cannot grow while they exist (ADR-0031), so its size now is its size when the snapshot was taken.
/// </summary>
internal static class SnapshotSourceSize
{
    /// <summary>The smallest copy restore the restore plan accepts (csi.md §8 "copy").</summary>
    public static long Of(LocalVolume source) => Math.Max(source.SizeBytes, source.CapacityBytes);

    public static Snapshot FillFrom(Snapshot snapshot, LocalVolume source) =>
        snapshot.SourceSizeBytes > 0 ? snapshot : snapshot with { SourceSizeBytes = Of(source) };

    public static async Task<Snapshot> FillAsync(Snapshot snapshot, IVolumeStore volumes, CancellationToken cancellationToken)
    {
        if (snapshot.ReadOnly || snapshot.SourceSizeBytes > 0)
            return snapshot;
        var source = await volumes.FindAsync(snapshot.SourceVolumeId, cancellationToken).ConfigureAwait(false);
        return source is null ? snapshot : FillFrom(snapshot, source);
    }
}
