using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes.ExpandNodeVolume;

public sealed class ExpandNodeVolumeValidator : AbstractValidator<ExpandNodeVolumeCommand>
{
    public ExpandNodeVolumeValidator(KubeletPaths? paths = null)
    {
        paths ??= KubeletPaths.Unresolved;
        RuleFor(c => c.VolumeId).NotEmpty().WithMessage("volume_id is required");
        RuleFor(c => c.VolumePath).NotEmpty().WithMessage("volume_path is required");
        RuleFor(c => c.VolumePath).MustBeKubeletPath(paths, "volume_path");
        RuleFor(c => c.StagingPath ?? string.Empty).MustBeKubeletPath(paths, "staging_target_path");
        RuleFor(c => c.RequiredBytes).GreaterThanOrEqualTo(0).WithMessage("capacity_range.required_bytes must not be negative");
    }
}

/// <summary>
/// csi.md §6.6: grow the mounted filesystem of an LVM volume online; block access, Device and
/// MountPoint volumes have nothing to grow. An LV still smaller than requested means the controller
/// expansion has not been reconciled yet ⇒ Unavailable (kubelet retries).
/// </summary>
public sealed class ExpandNodeVolumeHandler(
    IVolumeStore volumes,
    ILogicalVolumes logicalVolumes,
    IMounts mounts,
    IFilesystems filesystems) : ICommandHandler<ExpandNodeVolumeCommand, long>
{
    public async ValueTask<long> Handle(ExpandNodeVolumeCommand command, CancellationToken cancellationToken)
    {
        var record = await volumes.FindAsync(command.VolumeId, cancellationToken)
            ?? throw StorageException.NotFound($"volume {command.VolumeId} does not exist");
        var accessType = command.AccessType ?? record.AccessType;
        if (record.Type != VolumeType.LVM || accessType == AccessType.Block || record.Source is { Mode: RestoreMode.ReadOnly })
            return record.CapacityBytes;

        var lv = await logicalVolumes.FindAsync(record.Pool, record.Id, cancellationToken)
            ?? throw StorageException.NotFound($"logical volume {record.Pool}/{record.Id} of volume {record.Id} does not exist on this node");
        if (lv.SizeBytes < command.RequiredBytes)
            throw StorageException.Unavailable($"volume {record.Id} is {lv.SizeBytes} bytes, {command.RequiredBytes} requested: the controller expansion is not reconciled yet, retry");

        var mount = await mounts.FindAsync(command.VolumePath, cancellationToken)
            ?? throw StorageException.NotFound($"volume {record.Id} is not mounted at {command.VolumePath}");
        await filesystems.GrowAsync(lv.DevicePath, command.VolumePath, mount.FsType, cancellationToken);
        return lv.SizeBytes;
    }
}
