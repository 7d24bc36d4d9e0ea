using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Volumes;

namespace OpenLocal.Application.Snapshots.ListSnapshots;

public sealed class ListSnapshotsValidator : AbstractValidator<ListSnapshotsQuery>
{
    public ListSnapshotsValidator() => RuleFor(q => q.MaxEntries).GreaterThanOrEqualTo(0).WithMessage("max_entries must not be negative");
}

/// <summary>csi.md §8 ListSnapshots: optional id and source filters (an unknown id is an empty list), pages as ListVolumes.</summary>
public sealed class ListSnapshotsHandler(ISnapshotStore snapshots) : IQueryHandler<ListSnapshotsQuery, ListSnapshotsResult>
{
    public async ValueTask<ListSnapshotsResult> Handle(ListSnapshotsQuery query, CancellationToken cancellationToken)
    {
        var all = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var matching = all
            .Where(s => string.IsNullOrEmpty(query.SnapshotId) || s.Id == query.SnapshotId)
            .Where(s => string.IsNullOrEmpty(query.SourceVolumeId) || s.SourceVolumeId == query.SourceVolumeId)
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        var (page, next) = Paging.Take(matching, query.MaxEntries, query.StartingToken);
        return new ListSnapshotsResult(page, next);
    }
}
