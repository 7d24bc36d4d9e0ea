using FluentValidation;
using Mediator;
using OpenLocal.Application.Capacity;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Snapshots.CreateSnapshot;

public sealed class CreateSnapshotValidator : AbstractValidator<CreateSnapshotCommand>
{
    public CreateSnapshotValidator()
    {
        RuleFor(c => c.Name).MustBeAnId("snapshot name");
        RuleFor(c => c.SourceVolumeId).NotEmpty().WithMessage("source volume id must not be empty");
        RuleFor(c => c.Parameters).Custom((parameters, context) =>
        {
            foreach (var (key, message) in SnapshotClassParameters.Parse(parameters).Errors)
                context.AddFailure($"Parameters[{key}]", message);
        });
    }
}

/// <summary>
/// csi.md §8 CreateSnapshot: a thick COW snapshot in the source's VG on the source's node,
/// initial size capped at the source size, capacity-checked under the node lock. The answer's
/// <c>size_bytes</c> is the smallest restore the snapshot's default mode accepts (ADR-0051).
/// </summary>
public sealed class CreateSnapshotHandler(
    IVolumeStore volumes, ISnapshotStore snapshots, IVolumeProvisioning provisioning, CapacityLedgerView ledger, NodeLocks nodeLocks, TimeProvider time)
    : ICommandHandler<CreateSnapshotCommand, Snapshot>
{
    public async ValueTask<Snapshot> Handle(CreateSnapshotCommand command, CancellationToken cancellationToken)
    {
        var source = await volumes.FindAsync(command.SourceVolumeId, cancellationToken).ConfigureAwait(false)
            ?? throw StorageException.NotFound($"source volume {command.SourceVolumeId} not found");
        if (command.HasSecrets)
            throw new StorageException(FailureKind.Unimplemented, "S3 (restic) snapshots are not supported");
        if (source.Type != VolumeType.LVM || !source.HoldsCapacity)
            throw StorageException.InvalidArgument($"only LVM volumes with their own LV can be snapshotted; {source.Id} is {(source.HoldsCapacity ? source.Type.ToString() : "a read-only restore")}");

        var existing = await snapshots.FindAsync(command.Name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (existing.SourceVolumeId != command.SourceVolumeId)
                throw StorageException.AlreadyExists($"snapshot {command.Name} already exists for volume {existing.SourceVolumeId}, not {command.SourceVolumeId}");
            return SnapshotSourceSize.FillFrom(await RealizeAsync(existing, cancellationToken).ConfigureAwait(false), source);
        }

        var parameters = SnapshotClassParameters.Parse(command.Parameters);
        var initial = LvmExtent.RoundUp(Math.Min(parameters.InitialSizeBytes, source.SizeBytes));
        Snapshot record;
        using (await nodeLocks.AcquireAsync(source.NodeName, cancellationToken).ConfigureAwait(false))
        {
            var node = await ledger.FindNodeAsync(source.NodeName, cancellationToken).ConfigureAwait(false);
            var free = node?.FindVolumeGroup(source.Pool)?.FreeBytes ?? 0;
            if (initial > free)
                throw StorageException.InsufficientCapacity($"insufficient space in VG {source.Pool} on node {source.NodeName} for snapshot {command.Name}: need {Quantity.FormatBinary(initial)}, free {Quantity.FormatBinary(free)}");
            record = new Snapshot(command.Name, source.Id, source.NodeName, source.Pool, initial)
            {
                ReadOnly = parameters.ReadOnly,
                Expansion = parameters.Expansion,
                CreatedAt = time.GetUtcNow(),
                SourceSizeBytes = SnapshotSourceSize.Of(source),
            };
            await snapshots.CreateAsync(record, cancellationToken).ConfigureAwait(false);
        }
        // A store may not keep the source size; the answer's restoreSize needs it (ADR-0051).
        return SnapshotSourceSize.FillFrom(await RealizeAsync(record, cancellationToken).ConfigureAwait(false), source);
    }

    private async Task<Snapshot> RealizeAsync(Snapshot record, CancellationToken cancellationToken)
    {
        if (record.Phase == VolumePhase.Ready)
            return record;
        if (record.Phase == VolumePhase.Deleting)
            throw new StorageException(FailureKind.Aborted, $"snapshot {record.Id} is still being deleted; retry when the deletion finished");
        try
        {
            return await provisioning.RealizeSnapshotAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex) when (ex.Kind is not (FailureKind.DeadlineExceeded or FailureKind.OperationInProgress))
        {
            try
            {
                await provisioning.RemoveSnapshotAsync(record, CancellationToken.None).ConfigureAwait(false);
            }
            catch (StorageException)
            {
                // Left in Deleting; DeleteSnapshot or the next CreateSnapshot finishes it.
            }
            throw;
        }
    }
}
