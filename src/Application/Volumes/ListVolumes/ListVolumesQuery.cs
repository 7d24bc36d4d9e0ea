using Mediator;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.ListVolumes;

/// <summary>CSI ListVolumes: sorted by id; the token is the decimal index of the next entry (invalid ⇒ Aborted).</summary>
public sealed record ListVolumesQuery(int MaxEntries, string? StartingToken) : IQuery<ListVolumesResult>;

public sealed record ListVolumesResult(IReadOnlyList<LocalVolume> Entries, string? NextToken);
