using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.GetVolume;

public sealed class GetVolumeValidator : AbstractValidator<GetVolumeQuery>
{
    public GetVolumeValidator() => RuleFor(q => q.VolumeId).MustBeAnId("volume id");
}

public sealed class GetVolumeHandler(IVolumeStore volumes) : IQueryHandler<GetVolumeQuery, LocalVolume>
{
    public async ValueTask<LocalVolume> Handle(GetVolumeQuery query, CancellationToken cancellationToken) =>
        await volumes.FindAsync(query.VolumeId, cancellationToken).ConfigureAwait(false)
        ?? throw StorageException.NotFound($"volume {query.VolumeId} not found");
}
