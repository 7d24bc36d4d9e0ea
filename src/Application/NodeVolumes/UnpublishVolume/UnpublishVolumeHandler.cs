using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes.UnpublishVolume;

/// <summary>csi.md §6.5: both fields are required (open-local answered Internal for an empty target).</summary>
public sealed class UnpublishVolumeValidator : AbstractValidator<UnpublishVolumeCommand>
{
    public UnpublishVolumeValidator()
    {
        RuleFor(c => c.VolumeId).NotEmpty().WithMessage("volume_id is required");
        RuleFor(c => c.TargetPath).NotEmpty().WithMessage("target_path is required");
    }
}

/// <summary>
/// csi.md §6.5: remove the IO limits this volume installed, unmount everything stacked on the
/// target and remove it (absent ⇒ success); an inline ephemeral volume also loses its LV and record.
/// </summary>
public sealed class UnpublishVolumeHandler(
    IVolumeStore volumes,
    IMounts mounts,
    IIoThrottles throttles,
    ILogicalVolumes logicalVolumes,
    NodePublishOptions? options = null) : ICommandHandler<UnpublishVolumeCommand>
{
    private readonly NodePublishOptions _options = options ?? new NodePublishOptions();

    public async ValueTask<Unit> Handle(UnpublishVolumeCommand command, CancellationToken cancellationToken)
    {
        var record = await volumes.FindAsync(command.VolumeId, cancellationToken);
        var mount = await mounts.FindAsync(command.TargetPath, cancellationToken);

        var podUid = record?.Ephemeral is { PodUid.Length: > 0 } owner
            ? owner.PodUid
            : PodUids.FromTargetPath(command.TargetPath, _options.KubeletDir);
        if (podUid is not null && mount is not null && record?.Type != VolumeType.MountPoint)
            await throttles.RemoveAsync(new ThrottleTarget(command.VolumeId, record?.DevicePath ?? mount.Source, podUid), cancellationToken);

        await mounts.UnmountAndRemoveAsync(command.TargetPath, cancellationToken);

        if (record?.Ephemeral is not null)
        {
            await logicalVolumes.RemoveIfExistsAsync(record.Pool, record.Id, cancellationToken);
            await volumes.ReleaseAsync(record.Id, cancellationToken);
        }
        return Unit.Value;
    }
}
