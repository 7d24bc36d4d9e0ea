using Mediator;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.NodeVolumes.PublishVolume;

/// <summary>
/// csi.md §6.3/§6.4: resolve the volume, prepare the target, then format-and-mount (filesystem
/// access) or bind the device/directory (block access, MountPoint), then apply IO limits
/// (throttling.md §1). A failure after the target was touched unmounts and removes it again.
/// </summary>
public sealed class PublishVolumeHandler(
    NodeVolumeResolver resolver,
    IMounts mounts,
    IFilesystems filesystems,
    IBlockDevices blockDevices,
    IIoThrottles throttles,
    TimeProvider clock,
    ILogger<PublishVolumeHandler> logger,
    NodePublishOptions? options = null) : ICommandHandler<PublishVolumeCommand>
{
    private readonly NodePublishOptions _options = options ?? new NodePublishOptions();

    public async ValueTask<Unit> Handle(PublishVolumeCommand command, CancellationToken cancellationToken)
    {
        var capability = command.Capability;
        var volume = await resolver.ResolveForPublishAsync(command.VolumeId, command.Context, capability.FsType, cancellationToken);
        var block = capability.AccessType == AccessType.Block;
        if (block && volume.Type == VolumeType.MountPoint)
            throw StorageException.InvalidArgument($"volume {command.VolumeId} is a MountPoint volume and cannot be published for block access");

        var existing = await mounts.FindAsync(command.TargetPath, cancellationToken);
        if (existing is not null)
        {
            if (!IsSameSource(existing, volume.Source))
                throw StorageException.AlreadyExists($"target {command.TargetPath} is already a mount of {existing.Source}, not of volume {command.VolumeId} ({volume.Source})");
            // Already published: idempotent success; re-apply limits (throttling.md §7).
            await ApplyThrottleAsync(command, volume, cancellationToken);
            return Unit.Value;
        }

        var readOnly = command.ReadOnly || volume.ReadOnlyRestore;
        await mounts.PrepareTargetAsync(command.TargetPath, block ? TargetKind.File : TargetKind.Directory, cancellationToken);
        try
        {
            if (block)
                await BindDeviceAsync(volume, command.TargetPath, readOnly, cancellationToken);
            else if (volume.Type == VolumeType.MountPoint)
                await mounts.BindAsync(volume.Source, command.TargetPath, readOnly, capability.MountFlags, cancellationToken);
            else
                await FormatAndMountAsync(command, volume, readOnly, cancellationToken);

            if (_options.DoubleCheckMount)
                await VerifyMountedAsync(command.TargetPath, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("publishing volume {VolumeId} at {Target} failed, undoing: {Error}", command.VolumeId, command.TargetPath, ex.Message);
            await mounts.UnmountAndRemoveAsync(command.TargetPath, block ? TargetRemoval.EmptyDirectoryOrBlockFile : TargetRemoval.EmptyDirectory, CancellationToken.None);
            throw;
        }

        // The volume stays mounted when limits cannot be written; kubelet retries (throttling.md §7).
        await ApplyThrottleAsync(command, volume, cancellationToken);
        return Unit.Value;
    }

    private static bool IsSameSource(MountInfo mount, string source) =>
        string.Equals(mount.Source, source, StringComparison.Ordinal) || string.Equals(mount.Root, source, StringComparison.Ordinal);

    private async Task BindDeviceAsync(PublishedVolume volume, string target, bool readOnly, CancellationToken cancellationToken)
    {
        if (!await blockDevices.IsBlockDeviceAsync(volume.Source, cancellationToken))
            throw StorageException.NotFound($"{volume.Source} of volume {volume.VolumeId} is not a block device on this node");
        await mounts.BindAsync(volume.Source, target, readOnly, [], cancellationToken);
    }

    /// <summary>csi.md §6.4: mkfs only a blank device, never reformat, deduplicated options.</summary>
    private async Task FormatAndMountAsync(PublishVolumeCommand command, PublishedVolume volume, bool readOnly, CancellationToken cancellationToken)
    {
        var fsType = string.IsNullOrEmpty(command.Capability.FsType) ? volume.Record?.FsType ?? "ext4" : command.Capability.FsType;
        var device = volume.Source;
        var found = await filesystems.ProbeAsync(device, cancellationToken);
        var formatted = false;
        if (found is null)
        {
            if (volume.ReadOnlyRestore)
                throw StorageException.FailedPrecondition($"snapshot device {device} of volume {command.VolumeId} holds no filesystem");
            await filesystems.FormatAsync(device, fsType, MkfsOptions(command.Context), cancellationToken);
            formatted = true;
        }
        else if (!string.Equals(found, fsType, StringComparison.Ordinal))
        {
            throw StorageException.FailedPrecondition($"device {device} already contains {found}, requested {fsType}");
        }

        await mounts.MountAsync(device, command.TargetPath, fsType, MountOptions.For(fsType, readOnly, command.Capability.MountFlags), cancellationToken);

        // A copy restore into a bigger LV, or an expansion while unpublished, leaves the filesystem
        // smaller than its device: grow it now (§6.4 rule 5). A fresh mkfs already fills the device.
        if (!formatted && !readOnly)
            await filesystems.GrowAsync(device, command.TargetPath, fsType, cancellationToken);
    }

    private static string[] MkfsOptions(IReadOnlyDictionary<string, string> context) =>
        context.TryGetValue(NodeVolumeKeys.MkfsOptions, out var text)
            ? text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : [];

    private async Task VerifyMountedAsync(string target, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
        if (await mounts.FindAsync(target, cancellationToken) is null)
            throw StorageException.Internal($"{target} is not mounted after mounting, retry");
    }

    private async Task ApplyThrottleAsync(PublishVolumeCommand command, PublishedVolume volume, CancellationToken cancellationToken)
    {
        if (volume.Throttle is null || !volume.IsBlockDevice)
            return;
        var podUid = PodUids.Find(command.Context, command.TargetPath, _options.KubeletDir);
        if (podUid is null)
        {
            logger.LogWarning("volume {VolumeId} has IO limits but the pod of {Target} is unknown; limits not applied", command.VolumeId, command.TargetPath);
            return;
        }
        await throttles.ApplyAsync(new ThrottleTarget(command.VolumeId, volume.Source, podUid), volume.Throttle, cancellationToken);
    }
}
