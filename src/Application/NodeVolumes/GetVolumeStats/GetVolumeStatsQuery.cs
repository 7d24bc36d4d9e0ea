using Mediator;
using OpenLocal.Application.Ports;

namespace OpenLocal.Application.NodeVolumes.GetVolumeStats;

/// <summary>CSI NodeGetVolumeStats (csi.md §6.7).</summary>
/// <remarks>The staging path is optional (we stage nothing, ADR-0010) but judged by the node path rule when given.</remarks>
public sealed record GetVolumeStatsQuery(string VolumeId, string VolumePath, string? StagingPath = null) : IQuery<VolumeStats>;

/// <summary>Filesystem figures for mount access, or only the device size for block access, plus a condition.</summary>
public sealed record VolumeStats(FilesystemStats? Filesystem, long? BlockSizeBytes, bool Abnormal, string Message);
