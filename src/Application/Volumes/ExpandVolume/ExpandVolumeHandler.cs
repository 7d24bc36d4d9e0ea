using FluentValidation;
using Mediator;
using OpenLocal.Application.Capacity;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.ExpandVolume;

public sealed class ExpandVolumeValidator : AbstractValidator<ExpandVolumeCommand>
{
    public ExpandVolumeValidator()
    {
        RuleFor(c => c.VolumeId).MustBeAnId("volume id");
        RuleFor(c => c.RequiredBytes).GreaterThan(0).WithMessage("required_bytes must be positive");
        RuleFor(c => c.LimitBytes)
            .Must((c, limit) => limit == 0 || limit >= c.RequiredBytes)
            .WithMessage(c => $"limit_bytes ({c.LimitBytes}) must not be less than required_bytes ({c.RequiredBytes})");
    }
}

/// <summary>
/// csi.md §5.3: only writable LVM volumes grow; the new size is capacity-checked under the node
/// lock (ours), then the node extends the LV; mount access needs the node to grow the filesystem.
/// </summary>
public sealed class ExpandVolumeHandler(
    IVolumeStore volumes, ISnapshotStore snapshots, IVolumeProvisioning provisioning, CapacityLedgerView ledger, NodeLocks nodeLocks)
    : ICommandHandler<ExpandVolumeCommand, ExpandVolumeResult>
{
    public async ValueTask<ExpandVolumeResult> Handle(ExpandVolumeCommand command, CancellationToken cancellationToken)
    {
        var volume = await volumes.FindAsync(command.VolumeId, cancellationToken).ConfigureAwait(false)
            ?? throw StorageException.NotFound($"volume {command.VolumeId} not found");
        if (volume.Type != VolumeType.LVM || !volume.HoldsCapacity)
        {
            var kind = volume.HoldsCapacity ? volume.Type.ToString() : "read-only restore";
            throw StorageException.InvalidArgument($"volume type {kind} cannot be expanded");
        }
        var nodeExpansion = (command.AccessType ?? volume.AccessType) == AccessType.Mount;
        var size = LvmExtent.RoundUp(command.RequiredBytes);
        if (command.LimitBytes > 0 && size > command.LimitBytes)
            throw StorageException.OutOfRange($"volume {volume.Id} would need {size} bytes (whole 4 MiB extents), more than limit_bytes {command.LimitBytes}");

        var current = Math.Max(volume.SizeBytes, volume.CapacityBytes);
        if (size <= current)
        {
            // Already big enough: finish a pending node-side expansion, if any, and report.
            var settled = volume.Phase == VolumePhase.Ready && volume.CapacityBytes >= volume.SizeBytes
                ? volume
                : await provisioning.RealizeAsync(volume, cancellationToken).ConfigureAwait(false);
            return new ExpandVolumeResult(settled.CapacityBytes, nodeExpansion);
        }

        var all = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        if (all.Any(s => s.SourceVolumeId == volume.Id))
            throw StorageException.FailedPrecondition($"volume {volume.Id} has snapshots: Snapshot origin volumes can be resized only while inactive; delete its snapshots to expand it");

        LocalVolume grown;
        using (await nodeLocks.AcquireAsync(volume.NodeName, cancellationToken).ConfigureAwait(false))
        {
            var node = await ledger.FindNodeAsync(volume.NodeName, cancellationToken).ConfigureAwait(false);
            var vg = node?.FindVolumeGroup(volume.Pool);
            var free = vg?.FreeBytes ?? 0;
            if (size - current > free)
                throw StorageException.InsufficientCapacity($"insufficient space in VG {volume.Pool} on node {volume.NodeName}: need {Quantity.FormatBinary(size - current)}, free {Quantity.FormatBinary(free)}");
            grown = volume.RequestExpansion(size);
            await volumes.UpdateAsync(grown, cancellationToken).ConfigureAwait(false);
            ledger.Remember(grown);
        }
        var realized = await provisioning.RealizeAsync(grown, cancellationToken).ConfigureAwait(false);
        return new ExpandVolumeResult(realized.CapacityBytes, nodeExpansion);
    }
}
