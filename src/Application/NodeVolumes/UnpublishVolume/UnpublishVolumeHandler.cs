using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes.UnpublishVolume;

/// <summary>csi.md §6.5: both fields are required (open-local answered Internal for an empty target); the node path rule (issue 19).</summary>
public sealed class UnpublishVolumeValidator : AbstractValidator<UnpublishVolumeCommand>
{
    public UnpublishVolumeValidator(KubeletPaths? paths = null)
    {
        paths ??= KubeletPaths.Unresolved;
        RuleFor(c => c.VolumeId).NotEmpty().WithMessage("volume_id is required");
        RuleFor(c => c.TargetPath).NotEmpty().WithMessage("target_path is required");
        RuleFor(c => c.TargetPath).MustBeKubeletPath(paths, "target_path");
    }
}

/// <summary>
/// csi.md §6.5: remove the IO limits this volume installed, unmount everything stacked on the
/// target and remove it (absent ⇒ success); an inline ephemeral volume also loses its LV and record.
/// Issue 19: the node plugin runs as root, so it unmounts only a mount it can tell is this volume's
/// and deletes only what a publish creates — an empty directory, or the empty block file of a
/// known block volume; for an unknown id nothing but an empty leftover mount point.
/// </summary>
public sealed class UnpublishVolumeHandler(
    IVolumeStore volumes,
    IMounts mounts,
    IIoThrottles throttles,
    ILogicalVolumes logicalVolumes,
    KubeletPaths paths,
    NodePublishOptions? options = null) : ICommandHandler<UnpublishVolumeCommand>
{
    private readonly NodePublishOptions _options = options ?? new NodePublishOptions();

    public async ValueTask<Unit> Handle(UnpublishVolumeCommand command, CancellationToken cancellationToken)
    {
        var record = await volumes.FindAsync(command.VolumeId, cancellationToken);
        var mount = await mounts.FindAsync(command.TargetPath, cancellationToken);
        if (mount is not null && record is null && !IsMountOfVolume(command, mount))
        {
            throw StorageException.FailedPrecondition(
                $"volume {command.VolumeId} is unknown on this node and {command.TargetPath} is a mount of {mount.Source}, not of this volume; not unmounting it");
        }

        var podUid = record?.Ephemeral is { PodUid.Length: > 0 } owner
            ? owner.PodUid
            : PodUids.FromTargetPath(command.TargetPath, _options.KubeletDir);
        if (podUid is not null && mount is not null && record?.Type != VolumeType.MountPoint)
            await throttles.RemoveAsync(new ThrottleTarget(command.VolumeId, record?.DevicePath ?? mount.Source, podUid), cancellationToken);

        // A block publish binds onto an empty file this plugin created; nothing else is ever a file of ours.
        var removal = record is { AccessType: AccessType.Block } || mount is { IsBind: true } && record?.Type != VolumeType.MountPoint
            ? TargetRemoval.EmptyDirectoryOrBlockFile
            : TargetRemoval.EmptyDirectory;
        await mounts.UnmountAndRemoveAsync(command.TargetPath, removal, cancellationToken);

        if (record?.Ephemeral is not null)
        {
            await logicalVolumes.RemoveIfExistsAsync(record.Pool, record.Id, cancellationToken);
            await volumes.ReleaseAsync(record.Id, cancellationToken);
        }
        return Unit.Value;
    }

    /// <summary>
    /// A volume without a record (published from its volume context, csi.md §4.3) is recognised by
    /// kubelet's target layout naming it, or by its LV (<c>/dev/&lt;vg&gt;/&lt;volume id&gt;</c>) being the source.
    /// </summary>
    private bool IsMountOfVolume(UnpublishVolumeCommand command, MountInfo mount) =>
        paths.Directory.IsPublishTargetOf(command.TargetPath, command.VolumeId)
        || mount.Source.StartsWith("/dev/", StringComparison.Ordinal) && mount.Source.EndsWith("/" + command.VolumeId, StringComparison.Ordinal);
}
