using OpenLocal.Application.NodeVolumes.ExpandNodeVolume;
using OpenLocal.Application.NodeVolumes.GetVolumeStats;
using OpenLocal.Application.Volumes;
using OpenLocal.Application.Volumes.ExpandVolume;
using OpenLocal.Domain.Volumes;
using OpenLocal.Vm.Driver.Node;

namespace OpenLocal.Vm.Driver.Steps;

/// <summary>
/// Steps 1 and 2: an LVM volume is created (LV active on device-mapper), published with a fresh
/// filesystem (mkfs + mount, csi.md §6.4), written, expanded by the controller (lvextend while
/// mounted) and by the node (resize2fs / xfs_growfs online, §6.6); the filesystem shows the new size
/// and the data survives.
/// </summary>
internal sealed class FilesystemStep(int number, string fsType, long initialBytes, long expandedBytes) : IScenarioStep
{
    public int Number => number;

    public string Title => $"{fsType}: create, publish (mkfs + mount), write, expand online";

    public async Task RunAsync(ScenarioContext context)
    {
        var volumeId = $"local-vm-{fsType}";
        var capability = VolumeCapability.Mount(fsType);
        var created = await context.CreateLvmVolumeAsync(volumeId, initialBytes, capability);
        var lv = await NodeProbe.RequireLvAsync(context.VolumeGroup, volumeId);
        Check.That(lv.IsActive, $"LV {volumeId} is active (lv_attr {lv.Attributes})");
        Check.Equal(initialBytes, lv.SizeBytes, $"size of LV {volumeId}");

        var target = context.MountTarget(volumeId);
        await context.PublishAsync(volumeId, target, capability, readOnly: false, created.Context);
        var mount = NodeProbe.RequireMount(target);
        Check.Equal(fsType, mount.FsType, $"filesystem mounted at {target}");
        Check.Equal($"{lv.Major}:{lv.Minor}", mount.MajorMinor, $"device mounted at {target}");
        Check.That(!mount.IsReadOnly, $"{target} is mounted read-write (options {string.Join(',', mount.Options)})");

        var data = DataPattern.Create(4 * (int)ScenarioContext.Mebibyte, number);
        var file = Path.Combine(target, "data.bin");
        await DataPattern.WriteFileAsync(file, data);
        var sizeBefore = await NodeProbe.FilesystemSizeAsync(target);
        context.Note($"wrote {data.Length / ScenarioContext.Mebibyte} MiB; filesystem size {sizeBefore / ScenarioContext.Mebibyte} MiB");

        var expanded = await context.Mediator.Send(new ExpandVolumeCommand(volumeId, expandedBytes, 0, AccessType.Mount));
        Check.AtLeast(expandedBytes, expanded.CapacityBytes, "ControllerExpandVolume capacity");
        Check.That(expanded.NodeExpansionRequired, "ControllerExpandVolume asks for node expansion of a mount volume");
        lv = await NodeProbe.RequireLvAsync(context.VolumeGroup, volumeId);
        Check.Equal(expandedBytes, lv.SizeBytes, $"size of LV {volumeId} after ControllerExpandVolume");
        context.Note($"ControllerExpandVolume: LV is {lv.SizeBytes / ScenarioContext.Mebibyte} MiB while mounted");

        var nodeCapacity = await context.Mediator.Send(new ExpandNodeVolumeCommand(volumeId, target, expandedBytes, AccessType.Mount));
        Check.AtLeast(expandedBytes, nodeCapacity, "NodeExpandVolume capacity");
        var sizeAfter = await NodeProbe.FilesystemSizeAsync(target);
        // Filesystem metadata takes a little of the added space; 90 % of it must show up.
        Check.AtLeast(sizeBefore + (expandedBytes - initialBytes) * 9 / 10, sizeAfter, $"{fsType} size after NodeExpandVolume (was {sizeBefore})");
        context.Note($"NodeExpandVolume: filesystem grew online to {sizeAfter / ScenarioContext.Mebibyte} MiB");

        var stats = await context.Mediator.Send(new GetVolumeStatsQuery(volumeId, target));
        Check.That(stats.Filesystem is not null, "NodeGetVolumeStats reports filesystem figures for a mount volume");
        Check.Equal(sizeAfter, stats.Filesystem!.TotalBytes, "NodeGetVolumeStats total bytes vs statfs");
        Check.That(!stats.Abnormal, $"volume condition is healthy ({stats.Message})");
        await DataPattern.ExpectFileAsync(file, data);
        context.Note("data intact after the expansion");
    }
}
