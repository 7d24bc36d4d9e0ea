using Mediator;
using OpenLocal.Application.Capacity;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Provisioning;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.CreateVolume;

/// <summary>
/// csi.md §5.1: size, idempotency, node choice by topology (else best fit), pool choice under the
/// node lock, the record as ledger entry, then the node makes it real. A failed realisation is
/// cleaned up so that the sidecar's retry places the volume afresh.
/// </summary>
public sealed class CreateVolumeHandler(
    IVolumeStore volumes,
    ISnapshotStore snapshots,
    IVolumeProvisioning provisioning,
    CapacityLedgerView ledger,
    NodeLocks nodeLocks,
    PlacementOptions placement,
    TimeProvider time) : ICommandHandler<CreateVolumeCommand, CreateVolumeResult>
{
    public const long DefaultSizeBytes = 1L << 30;

    public async ValueTask<CreateVolumeResult> Handle(CreateVolumeCommand command, CancellationToken cancellationToken)
    {
        var parameters = StorageClassParameters.Parse(command.Parameters, placement.DefaultVolumeType);
        var requested = command.RequiredBytes > 0 ? command.RequiredBytes : DefaultSizeBytes;
        var size = parameters.VolumeType == VolumeType.LVM ? LvmExtent.RoundUp(requested) : requested;
        if (command.LimitBytes > 0 && size > command.LimitBytes)
            throw StorageException.OutOfRange($"volume {command.Name} needs {size} bytes (whole 4 MiB extents), more than limit_bytes {command.LimitBytes}");

        var existing = await volumes.FindAsync(command.Name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            EnsureCompatible(existing, command, parameters, size);
            return await RealizeAsync(existing, cancellationToken).ConfigureAwait(false);
        }

        var restore = command.SourceSnapshotId is null
            ? null
            : await RestorePlan.ResolveAsync(command.SourceSnapshotId, parameters, size, snapshots, volumes, cancellationToken).ConfigureAwait(false);
        var record = await PlaceAsync(command, parameters, size, restore, cancellationToken).ConfigureAwait(false);
        return await RealizeAsync(record, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LocalVolume> PlaceAsync(
        CreateVolumeCommand command, StorageClassParameters parameters, long size, RestorePlan? restore, CancellationToken cancellationToken)
    {
        var request = new PoolRequest(parameters.VolumeType, size, restore?.Snapshot.VolumeGroup ?? parameters.VolumeGroup, parameters.MediaType);
        var hostnames = command.PreferredHostnames.Concat(command.RequisiteHostnames).Distinct(StringComparer.Ordinal).ToList();
        var nodes = await ledger.ListNodesAsync(cancellationToken).ConfigureAwait(false);

        IEnumerable<string> candidates;
        if (restore is not null)
        {
            var snapshotNode = restore.Snapshot.NodeName;
            if (hostnames.Count > 0 && !hostnames.Any(h => MapHostname(nodes, h) == snapshotNode || h == snapshotNode))
                throw StorageException.InsufficientCapacity($"snapshot {restore.Snapshot.Id} lives on node {snapshotNode}, which the topology requirements [{string.Join(", ", hostnames)}] exclude");
            candidates = [snapshotNode];
        }
        else if (hostnames.Count > 0)
        {
            candidates = hostnames.Select(h => MapHostname(nodes, h)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        }
        else
        {
            candidates = PoolPlacement.RankNodes(nodes, request, placement.Strategy).Select(c => c.NodeName).ToList();
        }

        foreach (var nodeName in candidates)
        {
            using var nodeLock = await nodeLocks.AcquireAsync(nodeName, cancellationToken).ConfigureAwait(false);
            string pool;
            if (restore is { Source.Mode: RestoreMode.ReadOnly })
            {
                // No LV of its own: nothing to reserve (crds.md §5 ledger rule).
                pool = restore.Snapshot.VolumeGroup;
            }
            else
            {
                // Re-read under the lock: another placement may have taken the space meanwhile.
                var node = await ledger.FindNodeAsync(nodeName, cancellationToken).ConfigureAwait(false);
                var choice = node is null ? null : PoolPlacement.Choose(node, request, placement.Strategy);
                if (choice is null)
                    continue;
                pool = choice.Pool;
            }
            var record = NewRecord(command, parameters, size, nodeName, pool, restore);
            await volumes.CreateAsync(record, cancellationToken).ConfigureAwait(false);
            ledger.Remember(record);
            return record;
        }

        var where = hostnames.Count > 0 ? $"on the nodes the topology allows ([{string.Join(", ", hostnames)}])" : "on any node";
        var pinned = request.VolumeGroup is null ? string.Empty : $" in VG {request.VolumeGroup}";
        var media = request.MediaType is null ? string.Empty : $" ({request.MediaType.Value.ToString().ToLowerInvariant()})";
        throw StorageException.InsufficientCapacity($"no space for {parameters.VolumeType}{media} volume {command.Name} of {Quantity.FormatBinary(size)}{pinned} {where}");
    }

    private LocalVolume NewRecord(
        CreateVolumeCommand command, StorageClassParameters parameters, long size, string nodeName, string pool, RestorePlan? restore)
    {
        var block = command.Capabilities.Any(c => c.AccessType == AccessType.Block);
        var fsType = command.Capabilities.Select(c => c.FsType).FirstOrDefault(fs => !string.IsNullOrEmpty(fs)) ?? "ext4";
        return new LocalVolume(command.Name, nodeName, parameters.VolumeType, pool, size)
        {
            AccessType = block ? AccessType.Block : AccessType.Mount,
            FsType = block ? null : fsType,
            Layout = parameters.Layout,
            Source = restore?.Source,
            Claim = parameters.Claim,
            Throttle = parameters.Throttle,
            Context = VolumeContext.Build(command.Parameters, parameters.VolumeType, nodeName, pool, restore?.Source, restore?.Snapshot.SourceVolumeId),
            CreatedAt = time.GetUtcNow(),
        };
    }

    private async Task<CreateVolumeResult> RealizeAsync(LocalVolume record, CancellationToken cancellationToken)
    {
        if (record.Phase == VolumePhase.Deleting)
            throw new StorageException(FailureKind.Aborted, $"volume {record.Id} is still being deleted; retry when the deletion finished");
        var realized = record;
        if (record.Phase != VolumePhase.Ready)
        {
            try
            {
                realized = await provisioning.RealizeAsync(record, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageException ex) when (ex.Kind is not (FailureKind.DeadlineExceeded or FailureKind.OperationInProgress))
            {
                // csi.md §5.1: a failed placement is removed so that the retry re-places the volume.
                await CleanUpAsync(record).ConfigureAwait(false);
                throw;
            }
        }
        var nodes = await ledger.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        var hostname = nodes.FirstOrDefault(n => n.NodeName == realized.NodeName)?.Hostname ?? realized.NodeName;
        return new CreateVolumeResult(realized, ReportedCapacity.Of(realized), realized.Context, hostname);
    }

    private async Task CleanUpAsync(LocalVolume record)
    {
        try
        {
            await provisioning.RemoveAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException)
        {
            // The record stays in Deleting; the next CreateVolume or DeleteVolume finishes the job.
            return;
        }
        ledger.Forget(record.Id);
    }

    private static void EnsureCompatible(LocalVolume existing, CreateVolumeCommand command, StorageClassParameters parameters, long size)
    {
        var differences = new List<string>();
        if (existing.Type != parameters.VolumeType)
            differences.Add($"volumeType {existing.Type} ≠ {parameters.VolumeType}");
        if (parameters.VolumeType == VolumeType.LVM && parameters.VolumeGroup is not null && existing.Pool != parameters.VolumeGroup && existing.Source is null)
            differences.Add($"vgName {existing.Pool} ≠ {parameters.VolumeGroup}");
        if (existing.SizeBytes < size || (command.LimitBytes > 0 && existing.SizeBytes > command.LimitBytes))
            differences.Add($"size {existing.SizeBytes} is outside the requested range [{size}, {(command.LimitBytes > 0 ? command.LimitBytes : "∞")}]");
        if (existing.Source?.SnapshotId != command.SourceSnapshotId)
            differences.Add($"content source {existing.Source?.SnapshotId ?? "none"} ≠ {command.SourceSnapshotId ?? "none"}");
        if (differences.Count > 0)
            throw StorageException.AlreadyExists($"volume {existing.Id} already exists with different parameters: {string.Join("; ", differences)}");
    }

    /// <summary>A topology hostname → node: the node whose hostname label equals it, else the node of that name.</summary>
    private static string? MapHostname(IReadOnlyList<NodeStorage> nodes, string hostname) =>
        nodes.FirstOrDefault(n => n.Hostname == hostname)?.NodeName ?? nodes.FirstOrDefault(n => n.NodeName == hostname)?.NodeName;
}
