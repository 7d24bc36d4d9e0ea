using OpenLocal.Application.Ports;
using OpenLocal.Vm.Driver.Node;

namespace OpenLocal.Vm.Driver.Steps;

/// <summary>
/// Step 0: a sparse file in the VM's tmpfs becomes a loop device and, through the LVM adapter the
/// agent uses (pvcreate + vgcreate), the VG every later step provisions from.
/// </summary>
internal sealed class SetupStep(IVolumeGroups volumeGroups) : IScenarioStep
{
    public int Number => 0;

    public string Title => "setup: a VG on a loop device";

    public async Task RunAsync(ScenarioContext context)
    {
        Directory.CreateDirectory(context.Settings.WorkDirectory);
        Directory.CreateDirectory(context.Settings.KubeletDirectory);
        Directory.CreateDirectory(context.Settings.StateDirectory);
        context.Loop = await LoopDevice.AttachAsync(Path.Combine(context.Settings.WorkDirectory, "pv.img"), context.Settings.PhysicalVolumeBytes);
        context.Note($"{context.Loop.Path} over a sparse {context.Settings.PhysicalVolumeBytes / ScenarioContext.Mebibyte} MiB file");

        await volumeGroups.CreateAsync(context.VolumeGroup, [context.Loop.Path], force: false, CancellationToken.None);
        var groups = await volumeGroups.ListAsync(CancellationToken.None);
        var group = groups.FirstOrDefault(g => g.Name == context.VolumeGroup)
            ?? throw new ScenarioFailure($"VG {context.VolumeGroup} is not listed after vgcreate");
        Check.That(group.PhysicalVolumes.Contains(context.Loop.Path), $"VG {context.VolumeGroup} is on {context.Loop.Path} (PVs: {string.Join(", ", group.PhysicalVolumes)})");
        context.Note($"VG {context.VolumeGroup}: {group.SizeBytes / ScenarioContext.Mebibyte} MiB, extent {group.ExtentSizeBytes / ScenarioContext.Mebibyte} MiB");
    }
}
