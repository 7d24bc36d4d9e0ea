using FluentValidation;
using OpenLocal.Application.Volumes;

namespace OpenLocal.Application.NodeVolumes.PublishVolume;

/// <summary>csi.md §6.3 validation, §6.4 rule 1 (supported filesystems) and the node path rule (issue 19).</summary>
public sealed class PublishVolumeValidator : AbstractValidator<PublishVolumeCommand>
{
    public PublishVolumeValidator(KubeletPaths? paths = null)
    {
        paths ??= KubeletPaths.Unresolved;
        RuleFor(c => c.VolumeId).NotEmpty().WithMessage("volume_id is required");
        RuleFor(c => c.TargetPath).NotEmpty().WithMessage("target_path is required");
        RuleFor(c => c.TargetPath).MustBeKubeletPath(paths, "target_path");
        // Optional (we stage nothing, ADR-0010), but a path we are handed is judged like any other.
        RuleFor(c => c.StagingPath ?? string.Empty).MustBeKubeletPath(paths, "staging_target_path");
        RuleFor(c => c.Capability).NotNull().WithMessage("volume_capability is required");
        RuleFor(c => c.Capability.FsType)
            .Must(fs => string.IsNullOrEmpty(fs) || VolumeCapability.IsSupportedFilesystem(fs))
            .When(c => c.Capability is not null)
            .WithMessage(c => $"filesystem \"{c.Capability.FsType}\" is not supported (use ext2, ext3, ext4 or xfs)");
        RuleFor(c => c.Capability.AccessMode)
            .Must(m => m is AccessMode.SingleNodeWriter or AccessMode.SingleNodeReaderOnly or AccessMode.SingleNodeSingleWriter or AccessMode.SingleNodeMultiWriter)
            .When(c => c.Capability is not null)
            .WithMessage(c => $"access mode {c.Capability.AccessMode} is not supported: only single-node modes (ReadWriteOnce, ReadWriteOncePod)");
    }
}
