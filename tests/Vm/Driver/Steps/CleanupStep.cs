using OpenLocal.Application.NodeVolumes.UnpublishVolume;
using OpenLocal.Application.Snapshots.DeleteSnapshot;
using OpenLocal.Application.Volumes.DeleteVolume;
using OpenLocal.Vm.Driver.Node;

namespace OpenLocal.Vm.Driver.Steps;

/// <summary>
/// Step 6 (always runs last): everything earlier steps created is unpublished and deleted through
/// the use cases — restores, then snapshots, then volumes — and the node is checked: no LV, no
/// device-mapper device, no mount under the work directory; then the VG and the loop device go and
/// no loop device is left.
/// </summary>
internal sealed class CleanupStep : IScenarioStep
{
    public int Number => 6;

    public string Title => "delete everything: no LV, mount or loop device left";

    public async Task RunAsync(ScenarioContext context)
    {
        foreach (var publication in Enumerable.Reverse(context.Publications).ToList())
        {
            await context.Mediator.Send(new UnpublishVolumeCommand(publication.VolumeId, publication.TargetPath));
            Check.That(!Path.Exists(publication.TargetPath), $"NodeUnpublishVolume removed {publication.TargetPath}");
            context.Publications.Remove(publication);
        }
        context.Note("every target unpublished");
        foreach (var volumeId in Enumerable.Reverse(context.Restores).ToList())
        {
            await context.Mediator.Send(new DeleteVolumeCommand(volumeId));
            context.Restores.Remove(volumeId);
        }
        foreach (var snapshotId in Enumerable.Reverse(context.Snapshots).ToList())
        {
            await context.Mediator.Send(new DeleteSnapshotCommand(snapshotId));
            context.Snapshots.Remove(snapshotId);
        }
        foreach (var volumeId in Enumerable.Reverse(context.Volumes).ToList())
        {
            await context.Mediator.Send(new DeleteVolumeCommand(volumeId));
            context.Volumes.Remove(volumeId);
        }
        context.Note("every volume and snapshot deleted");

        var mounts = NodeProbe.MountsUnder(context.Settings.WorkDirectory);
        Check.That(mounts.Count == 0, $"no mount is left under {context.Settings.WorkDirectory}: {string.Join(", ", mounts.Select(m => m.Target))}");
        if (context.Loop is null)
            return;
        var lvs = await NodeProbe.ListLvsAsync(context.VolumeGroup);
        Check.That(lvs.Count == 0, $"no LV is left in {context.VolumeGroup}: {string.Join(", ", lvs.Select(lv => lv.Name))}");
        var mapped = (await Exec.RunAsync("dmsetup", "ls")).Trim();
        Check.That(mapped.Length == 0 || mapped.StartsWith("No devices found", StringComparison.Ordinal), $"no device-mapper device is left: {mapped}");

        await Exec.RunAsync("vgremove", "--yes", context.VolumeGroup);
        await Exec.RunAsync("pvremove", "--yes", context.Loop.Path);
        await context.Loop.DetachAsync();
        context.Loop = null;
        var loops = await NodeProbe.LoopDevicesAsync();
        Check.That(loops.Count == 0, $"no loop device is left: {string.Join(", ", loops)}");
        context.Note("VG removed, loop device detached; no LV, mount or loop device left");
    }
}
