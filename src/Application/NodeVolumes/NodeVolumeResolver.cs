using System.Globalization;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes;

/// <summary>
/// Finds what backs a volume id on this node (csi.md §6.3 "Resolve the volume"): the LocalVolume
/// record if there is one, else the volume context that kubelet passes (PVs provisioned by
/// open-local before the swap). Inline ephemeral volumes are created here.
/// </summary>
public sealed class NodeVolumeResolver(IVolumeStore volumes, ILogicalVolumes logicalVolumes, TimeProvider clock, NodeIdentity node)
{
    private const long DefaultEphemeralSize = 1L << 30;

    public async Task<PublishedVolume> ResolveForPublishAsync(string volumeId, IReadOnlyDictionary<string, string> context, string? fsType, CancellationToken cancellationToken)
    {
        var record = await volumes.FindAsync(volumeId, cancellationToken);
        if (IsEphemeral(context))
        {
            record = await EnsureEphemeralAsync(record, volumeId, context, fsType, cancellationToken);
            return FromRecord(record, context);
        }
        if (record is not null)
        {
            if (record.Phase != VolumePhase.Ready)
                throw StorageException.Unavailable($"volume {volumeId} is not ready on node {record.NodeName} (phase {record.Phase}); retry later");
            return FromRecord(record, context);
        }
        return FromContext(volumeId, context);
    }

    public static bool IsEphemeral(IReadOnlyDictionary<string, string> context) =>
        context.TryGetValue(NodeVolumeKeys.Ephemeral, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>StorageClass <c>bps</c>/<c>iops</c> (throttling.md §1); absent or 0 ⇒ no limit.</summary>
    public static IoThrottle? ParseThrottle(IReadOnlyDictionary<string, string> context)
    {
        long bps = 0, iops = 0;
        if (context.TryGetValue(NodeVolumeKeys.Bps, out var bpsText) && !string.IsNullOrWhiteSpace(bpsText))
        {
            if (!Quantity.TryParse(bpsText, out var q, out var error) || q.Value < 0)
                throw StorageException.InvalidArgument($"parameter bps: {(error.Length > 0 ? error : "must not be negative")}");
            bps = q.ToBytes();
        }
        if (context.TryGetValue(NodeVolumeKeys.Iops, out var iopsText) && !string.IsNullOrWhiteSpace(iopsText)
            && (!long.TryParse(iopsText, NumberStyles.None, CultureInfo.InvariantCulture, out iops)))
        {
            throw StorageException.InvalidArgument($"parameter iops: \"{iopsText}\" must be a non-negative integer");
        }
        var throttle = IoThrottle.Symmetric(bps, iops);
        return throttle.IsUnlimited ? null : throttle;
    }

    private static PublishedVolume FromRecord(LocalVolume record, IReadOnlyDictionary<string, string> context)
    {
        var throttle = record.Throttle ?? ParseThrottle(context);
        return record.Type switch
        {
            VolumeType.LVM when record.Source is { Mode: RestoreMode.ReadOnly } source =>
                new(record.Id, VolumeType.LVM, $"/dev/{record.Pool}/{source.SnapshotId}", true, throttle, record),
            VolumeType.LVM => new(record.Id, VolumeType.LVM, record.DevicePath ?? $"/dev/{record.Pool}/{record.Id}", false, throttle, record),
            _ => new(record.Id, record.Type, record.DevicePath ?? record.Pool, false, record.Type == VolumeType.MountPoint ? null : throttle, record),
        };
    }

    private static PublishedVolume FromContext(string volumeId, IReadOnlyDictionary<string, string> context)
    {
        // No record and no volume type to publish it from: the volume does not exist here (CSI: NotFound).
        if (!context.TryGetValue(NodeVolumeKeys.VolumeType, out var typeText) || string.IsNullOrEmpty(typeText))
            throw StorageException.NotFound($"volume {volumeId} does not exist on this node (no record, and its volume context names no volumeType)");
        if (!Enum.TryParse<VolumeType>(typeText, ignoreCase: false, out var type) || !Enum.IsDefined(type))
        {
            throw StorageException.InvalidArgument(
                $"volume {volumeId} is unknown on this node and its volume context has no valid volumeType (LVM, Device or MountPoint)");
        }
        var throttle = ParseThrottle(context);
        switch (type)
        {
            case VolumeType.LVM:
                var vg = Required(context, NodeVolumeKeys.VolumeGroup, volumeId);
                var readOnly = context.TryGetValue(NodeVolumeKeys.ReadOnlyRestore, out var ro) && ro == "true"
                    && context.TryGetValue(NodeVolumeKeys.SnapshotId, out var snapshotId) && snapshotId.Length > 0;
                var lv = readOnly ? context[NodeVolumeKeys.SnapshotId] : volumeId;
                return new(volumeId, type, $"/dev/{vg}/{lv}", readOnly, throttle, null);
            case VolumeType.Device:
                return new(volumeId, type, Required(context, NodeVolumeKeys.Device, volumeId), false, throttle, null);
            default:
                return new(volumeId, type, Required(context, NodeVolumeKeys.MountPoint, volumeId), false, null, null);
        }
    }

    private static string Required(IReadOnlyDictionary<string, string> context, string key, string volumeId) =>
        context.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw StorageException.InvalidArgument($"volume {volumeId} is unknown on this node and its volume context has no {key}");

    /// <summary>csi.md §4.4, §6.3 "inline ephemeral": record the LV, then create it synchronously.</summary>
    private async Task<LocalVolume> EnsureEphemeralAsync(LocalVolume? record, string volumeId, IReadOnlyDictionary<string, string> context, string? fsType, CancellationToken cancellationToken)
    {
        if (record is { Phase: VolumePhase.Ready })
            return record;
        foreach (var unsupported in new[] { NodeVolumeKeys.Spdk, NodeVolumeKeys.Direct })
        {
            if (context.TryGetValue(unsupported, out var flag) && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase))
                throw StorageException.InvalidArgument($"{unsupported} volumes are not supported");
        }
        if (!context.TryGetValue(NodeVolumeKeys.VolumeGroup, out var vg) || string.IsNullOrEmpty(vg))
            throw StorageException.InvalidArgument("must set vgName in volumeAttributes when creating ephemeral local volume");
        var size = DefaultEphemeralSize;
        if (context.TryGetValue(NodeVolumeKeys.Size, out var sizeText) && !string.IsNullOrWhiteSpace(sizeText))
        {
            if (!Quantity.TryParse(sizeText, out var q, out var error) || q.Value <= 0)
                throw StorageException.InvalidArgument($"volumeAttributes size: {(error.Length > 0 ? error : "must be positive")}");
            size = q.ToBytes();
        }

        if (record is null)
        {
            record = new LocalVolume(volumeId, node.NodeName, VolumeType.LVM, vg, size)
            {
                FsType = fsType,
                CreatedAt = clock.GetUtcNow(),
                Context = context,
                Throttle = ParseThrottle(context),
                Ephemeral = new EphemeralOwner(
                    context.GetValueOrDefault(NodeVolumeKeys.PodUid, string.Empty),
                    context.GetValueOrDefault(NodeVolumeKeys.PodNamespace, string.Empty),
                    context.GetValueOrDefault(NodeVolumeKeys.PodName, string.Empty)),
            };
            await volumes.CreateAsync(record, cancellationToken);
        }

        var lv = await logicalVolumes.FindAsync(vg, volumeId, cancellationToken)
            ?? await logicalVolumes.CreateAsync(new LogicalVolumeSpec(vg, volumeId, record.SizeBytes, LvmLayout.Linear, ["openlocal.kind=ephemeral", "openlocal.volume-id=" + volumeId]), cancellationToken);
        var ready = record.MarkReady(lv.SizeBytes, lv.DevicePath);
        await volumes.UpdateAsync(ready, cancellationToken);
        return ready;
    }
}
