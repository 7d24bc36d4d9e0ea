using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes;

/// <summary>
/// The <c>capacity_bytes</c> every RPC reports for a volume (CreateVolume, ListVolumes,
/// ControllerGetVolume): what it really offers once realised — the LV size, the whole device,
/// the mount point's filesystem — and the requested size before that (ADR 0050, amending csi.md
/// §5.1, which had Device and MountPoint volumes report the request).
/// </summary>
public static class ReportedCapacity
{
    public static long Of(LocalVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return volume.CapacityBytes > 0 ? volume.CapacityBytes : volume.SizeBytes;
    }
}
