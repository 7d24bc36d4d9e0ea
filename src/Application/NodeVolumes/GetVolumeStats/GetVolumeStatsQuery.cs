using Mediator;
using OpenLocal.Application.Ports;

namespace OpenLocal.Application.NodeVolumes.GetVolumeStats;

/// <summary>CSI NodeGetVolumeStats (csi.md §6.7).</summary>
public sealed record GetVolumeStatsQuery(string VolumeId, string VolumePath) : IQuery<VolumeStats>;

/// <summary>Filesystem figures for mount access, or only the device size for block access, plus a condition.</summary>
public sealed record VolumeStats(FilesystemStats? Filesystem, long? BlockSizeBytes, bool Abnormal, string Message);
