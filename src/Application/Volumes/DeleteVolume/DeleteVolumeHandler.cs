using FluentValidation;
using Mediator;
using OpenLocal.Application.Capacity;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.DeleteVolume;

public sealed class DeleteVolumeValidator : AbstractValidator<DeleteVolumeCommand>
{
    public DeleteVolumeValidator() => RuleFor(c => c.VolumeId).NotEmpty().WithMessage("volume id must not be empty");
}

/// <summary>
/// csi.md §5.2: unknown id is success; an LVM volume with snapshots is refused; otherwise the node
/// removes what it made (LV, device signatures, mount-point contents) and then the record.
/// </summary>
public sealed class DeleteVolumeHandler(
    IVolumeStore volumes, ISnapshotStore snapshots, IVolumeProvisioning provisioning, CapacityLedgerView ledger)
    : ICommandHandler<DeleteVolumeCommand>
{
    public async ValueTask<Unit> Handle(DeleteVolumeCommand command, CancellationToken cancellationToken)
    {
        var volume = await volumes.FindAsync(command.VolumeId, cancellationToken).ConfigureAwait(false);
        if (volume is null)
        {
            ledger.Forget(command.VolumeId);
            return Unit.Value;
        }
        if (volume.Type == VolumeType.LVM && volume.HoldsCapacity)
        {
            var all = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
            var dependent = all.Where(s => s.SourceVolumeId == volume.Id).Select(s => s.Id).ToList();
            if (dependent.Count > 0)
                throw StorageException.FailedPrecondition($"volume {volume.Id} has snapshots, delete them first: {string.Join(", ", dependent)}");
        }
        await provisioning.RemoveAsync(volume, cancellationToken).ConfigureAwait(false);
        ledger.Forget(volume.Id);
        return Unit.Value;
    }
}
