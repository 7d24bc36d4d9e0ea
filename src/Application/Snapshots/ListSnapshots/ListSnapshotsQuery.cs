using Mediator;
using OpenLocal.Domain.Snapshots;

namespace OpenLocal.Application.Snapshots.ListSnapshots;

/// <summary>CSI ListSnapshots: optional filters, pagination as ListVolumes.</summary>
public sealed record ListSnapshotsQuery(string? SnapshotId, string? SourceVolumeId, int MaxEntries, string? StartingToken)
    : IQuery<ListSnapshotsResult>;

public sealed record ListSnapshotsResult(IReadOnlyList<Snapshot> Entries, string? NextToken);
