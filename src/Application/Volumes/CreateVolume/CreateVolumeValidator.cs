using FluentValidation;
using OpenLocal.Application.Provisioning;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.CreateVolume;

/// <summary>csi.md §5.1 request validation and §4.1 parameters; every problem is reported at once.</summary>
public sealed class CreateVolumeValidator : AbstractValidator<CreateVolumeCommand>
{
    public CreateVolumeValidator()
        : this(new PlacementOptions())
    {
    }

    public CreateVolumeValidator(PlacementOptions placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var defaultType = placement.DefaultVolumeType;
        RuleFor(c => c.Name).MustBeAnId("volume name");
        RuleFor(c => c.RequiredBytes).GreaterThanOrEqualTo(0).WithMessage("required_bytes must not be negative");
        RuleFor(c => c.LimitBytes).GreaterThanOrEqualTo(0).WithMessage("limit_bytes must not be negative");
        RuleFor(c => c.LimitBytes)
            .Must((c, limit) => limit == 0 || limit >= c.RequiredBytes)
            .WithMessage(c => $"limit_bytes ({c.LimitBytes}) must not be less than required_bytes ({c.RequiredBytes})");
        RuleFor(c => c.Capabilities).NotEmpty().WithMessage("at least one volume capability is required");
        RuleForEach(c => c.Capabilities).SetValidator(new VolumeCapabilityValidator());
        RuleFor(c => c.SourceVolumeId).Null().WithMessage("cloning is not supported");

        RuleFor(c => c.Parameters).Custom((parameters, context) =>
        {
            foreach (var (key, message) in StorageClassParameters.Parse(parameters, defaultType).Errors)
                context.AddFailure($"Parameters[{key}]", message);
        });

        When(c => StorageClassParameters.Parse(c.Parameters, defaultType) is { IsValid: true }, () =>
        {
            RuleFor(c => c.Capabilities)
                .Must(caps => caps.All(cap => cap.AccessType == AccessType.Mount))
                .When(c => StorageClassParameters.Parse(c.Parameters, defaultType).VolumeType == VolumeType.MountPoint)
                .WithMessage("MountPoint volumes support mount access only, not block");
            // "only LVM volumes can be restored" is RestorePlan's, after the snapshot lookup: a missing one is NotFound (issue 19).
        });
    }
}

/// <summary>csi.md §2: single-node access modes; mount filesystems ext2/ext3/ext4/xfs.</summary>
public sealed class VolumeCapabilityValidator : AbstractValidator<VolumeCapability>
{
    public VolumeCapabilityValidator()
    {
        RuleFor(c => c.AccessMode)
            .Must(m => m is AccessMode.SingleNodeWriter or AccessMode.SingleNodeReaderOnly or AccessMode.SingleNodeSingleWriter or AccessMode.SingleNodeMultiWriter)
            .WithMessage(c => $"access mode {c.AccessMode} is not supported: only single-node modes (ReadWriteOnce, ReadWriteOncePod)");
        RuleFor(c => c.FsType)
            .Must(fs => string.IsNullOrEmpty(fs) || VolumeCapability.IsSupportedFilesystem(fs))
            .When(c => c.AccessType == AccessType.Mount)
            .WithMessage(c => $"filesystem \"{c.FsType}\" is not supported: use {VolumeCapability.SupportedFilesystemList}");
    }
}
