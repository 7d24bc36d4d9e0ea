using Mediator;

namespace OpenLocal.Application.Capacity.GetCapacity;

/// <summary>CSI GetCapacity (csi.md §5.5): StorageClass parameters and an optional hostname segment.</summary>
public sealed record GetCapacityQuery(IReadOnlyDictionary<string, string> Parameters, string? Hostname) : IQuery<CapacityResult>;

/// <summary>Free bytes available for new volumes and the largest single volume that fits.</summary>
public sealed record CapacityResult(long AvailableBytes, long MaximumVolumeSizeBytes);
