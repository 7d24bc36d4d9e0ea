using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Snapshots;

namespace OpenLocal.Application.Snapshots.ListSnapshots;

public sealed class ListSnapshotsValidator : AbstractValidator<ListSnapshotsQuery>
{
    public ListSnapshotsValidator() => RuleFor(q => q.MaxEntries).GreaterThanOrEqualTo(0).WithMessage("max_entries must not be negative");
}

/// <summary>csi.md §8 ListSnapshots: optional id and source filters (an unknown id is an empty list), pages as ListVolumes.</summary>
public sealed class ListSnapshotsHandler(ISnapshotStore snapshots, IVolumeStore volumes) : IQueryHandler<ListSnapshotsQuery, ListSnapshotsResult>
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
        // restoreSize of pre-provisioned snapshots follows the same rule as CreateSnapshot's (ADR-0051).
        var answered = new List<Snapshot>(page.Count);
        foreach (var snapshot in page)
            answered.Add(await SnapshotSourceSize.FillAsync(snapshot, volumes, cancellationToken).ConfigureAwait(false));
        return new ListSnapshotsResult(answered, next);
    }
}
