using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Snapshots.DeleteSnapshot;

public sealed class DeleteSnapshotValidator : AbstractValidator<DeleteSnapshotCommand>
{
    public DeleteSnapshotValidator() => RuleFor(c => c.SnapshotId).NotEmpty().WithMessage("snapshot id must not be empty");
}

/// <summary>csi.md §8 DeleteSnapshot: unknown is success; refused while a read-only restore mounts it.</summary>
public sealed class DeleteSnapshotHandler(IVolumeStore volumes, ISnapshotStore snapshots, IVolumeProvisioning provisioning)
    : ICommandHandler<DeleteSnapshotCommand>
{
    public async ValueTask<Unit> Handle(DeleteSnapshotCommand command, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.FindAsync(command.SnapshotId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
            return Unit.Value;
        var all = await volumes.ListAsync(cancellationToken).ConfigureAwait(false);
        var user = all.FirstOrDefault(v => v.Source is { Mode: RestoreMode.ReadOnly } source && source.SnapshotId == snapshot.Id);
        if (user is not null)
            throw StorageException.FailedPrecondition($"snapshot {snapshot.Id} is in use by volume {user.Id}");
        await provisioning.RemoveSnapshotAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return Unit.Value;
    }
}
