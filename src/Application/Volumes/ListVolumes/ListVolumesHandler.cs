using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;

namespace OpenLocal.Application.Volumes.ListVolumes;

public sealed class ListVolumesValidator : AbstractValidator<ListVolumesQuery>
{
    public ListVolumesValidator() => RuleFor(q => q.MaxEntries).GreaterThanOrEqualTo(0).WithMessage("max_entries must not be negative");
}

/// <summary>csi.md §5.6: records sorted by id, paged by index tokens.</summary>
public sealed class ListVolumesHandler(IVolumeStore volumes) : IQueryHandler<ListVolumesQuery, ListVolumesResult>
{
    public async ValueTask<ListVolumesResult> Handle(ListVolumesQuery query, CancellationToken cancellationToken)
    {
        var all = await volumes.ListAsync(cancellationToken).ConfigureAwait(false);
        var sorted = all.OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
        var (page, next) = Paging.Take(sorted, query.MaxEntries, query.StartingToken);
        return new ListVolumesResult(page, next);
    }
}
