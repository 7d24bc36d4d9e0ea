using FluentValidation;
using Mediator;
using OpenLocal.Application.Volumes;

namespace OpenLocal.Application.NodeVolumes.StageVolume;

/// <summary>
/// CSI NodeStageVolume / NodeUnstageVolume (csi.md §6.2, ADR 0010): validated no-ops. Formatting
/// and mounting happen at publish so that volumes open-local published stay valid after the swap.
/// <see cref="Capability"/> is required for stage and ignored for unstage.
/// </summary>
public sealed record StageVolumeCommand(string VolumeId, string StagingTargetPath, VolumeCapability? Capability, bool Unstage) : ICommand;

public sealed class StageVolumeValidator : AbstractValidator<StageVolumeCommand>
{
    public StageVolumeValidator(KubeletPaths? paths = null)
    {
        paths ??= KubeletPaths.Unresolved;
        RuleFor(c => c.VolumeId).NotEmpty().WithMessage("volume_id is required");
        RuleFor(c => c.StagingTargetPath).NotEmpty().WithMessage("staging_target_path is required");
        RuleFor(c => c.StagingTargetPath).MustBeKubeletPath(paths, "staging_target_path");
        RuleFor(c => c.Capability).NotNull().When(c => !c.Unstage).WithMessage("volume_capability is required");
    }
}

public sealed class StageVolumeHandler : ICommandHandler<StageVolumeCommand>
{
    public ValueTask<Unit> Handle(StageVolumeCommand command, CancellationToken cancellationToken) => ValueTask.FromResult(Unit.Value);
}
