using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes.GetVolumeStats;

public sealed class GetVolumeStatsValidator : AbstractValidator<GetVolumeStatsQuery>
{
    public GetVolumeStatsValidator(KubeletPaths? paths = null)
    {
        paths ??= KubeletPaths.Unresolved;
        RuleFor(q => q.VolumeId).NotEmpty().WithMessage("volume_id is required");
        RuleFor(q => q.VolumePath).NotEmpty().WithMessage("volume_path is required");
        RuleFor(q => q.VolumePath).MustBeKubeletPath(paths, "volume_path");
        RuleFor(q => q.StagingPath ?? string.Empty).MustBeKubeletPath(paths, "staging_target_path");
    }
}

/// <summary>
/// csi.md §6.7: statfs figures for filesystem access, the device size for block access, plus a
/// volume condition. The volume must be known and published at the path (else NotFound).
/// </summary>
public sealed class GetVolumeStatsHandler(
    IVolumeStore volumes,
    IMounts mounts,
    IFilesystems filesystems,
    IBlockDevices blockDevices,
    ILogicalVolumes logicalVolumes) : IQueryHandler<GetVolumeStatsQuery, VolumeStats>
{
    private const string Healthy = "volume is healthy";

    public async ValueTask<VolumeStats> Handle(GetVolumeStatsQuery query, CancellationToken cancellationToken)
    {
        var record = await volumes.FindAsync(query.VolumeId, cancellationToken)
            ?? throw StorageException.NotFound($"volume {query.VolumeId} does not exist");
        var mount = await mounts.FindAsync(query.VolumePath, cancellationToken)
            ?? throw StorageException.NotFound($"volume {query.VolumeId} is not published at {query.VolumePath}");

        var (abnormal, message) = await ConditionAsync(record, cancellationToken);
        if (record.AccessType == AccessType.Block && record.Type != VolumeType.MountPoint)
        {
            var device = record.DevicePath ?? mount.Source;
            var size = await blockDevices.GetSizeAsync(device, cancellationToken);
            return new VolumeStats(null, size, abnormal, message);
        }
        var stats = await filesystems.GetStatsAsync(query.VolumePath, cancellationToken);
        return new VolumeStats(stats, null, abnormal, message);
    }

    private async Task<(bool Abnormal, string Message)> ConditionAsync(LocalVolume record, CancellationToken cancellationToken)
    {
        if (record.Phase == VolumePhase.Failed)
            return (true, $"volume failed: {record.FailureMessage}");
        switch (record.Type)
        {
            case VolumeType.LVM:
                var name = record.Source is { Mode: RestoreMode.ReadOnly } source ? source.SnapshotId : record.Id;
                var lv = await logicalVolumes.FindAsync(record.Pool, name, cancellationToken);
                if (lv is null)
                    return (true, $"logical volume {record.Pool}/{name} is missing");
                if (!lv.IsActive)
                    return (true, $"logical volume {record.Pool}/{name} is not active");
                // lv_attr character 9 is the volume health: p partial, r refresh needed, m mismatches, X unknown.
                if (lv.Attributes.Length > 8 && lv.Attributes[8] is not '-' and not ' ')
                    return (true, $"logical volume {record.Pool}/{name} is unhealthy (lv_attr {lv.Attributes})");
                return (false, Healthy);
            case VolumeType.Device:
                var device = record.DevicePath ?? record.Pool;
                return await blockDevices.IsBlockDeviceAsync(device, cancellationToken)
                    ? (false, Healthy)
                    : (true, $"device {device} is gone");
            default:
                return (false, Healthy);
        }
    }
}
