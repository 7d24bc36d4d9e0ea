using OpenLocal.Application.NodeVolumes.GetVolumeStats;
using OpenLocal.Application.Volumes;
using OpenLocal.Vm.Driver.Node;

namespace OpenLocal.Vm.Driver.Steps;

/// <summary>
/// Step 3: a raw block volume is published as the LV's device node bind-mounted on a file target
/// (csi.md §6.3 "LVM, block"); bytes written through the target are on the LV.
/// </summary>
internal sealed class RawBlockStep : IScenarioStep
{
    private const long Size = 64 * ScenarioContext.Mebibyte;

    public int Number => 3;

    public string Title => "raw block: publish the device node, write through it";

    public async Task RunAsync(ScenarioContext context)
    {
        const string volumeId = "local-vm-block";
        var capability = VolumeCapability.Block();
        var created = await context.CreateLvmVolumeAsync(volumeId, Size, capability);
        var lv = await NodeProbe.RequireLvAsync(context.VolumeGroup, volumeId);
        Check.That(lv.IsActive, $"LV {volumeId} is active (lv_attr {lv.Attributes})");

        var target = context.BlockTarget(volumeId);
        await context.PublishAsync(volumeId, target, capability, readOnly: false, created.Context);
        NodeProbe.RequireMount(target);
        Check.Equal("block special file", await NodeProbe.FileTypeAsync(target), $"inode type of {target}");
        Check.Equal($"{lv.Major}:{lv.Minor}", await NodeProbe.DeviceNumberAsync(target), $"device number behind {target}");

        var data = DataPattern.Create((int)ScenarioContext.Mebibyte, 3);
        const long offset = 8 * ScenarioContext.Mebibyte;
        await using (var device = new FileStream(target, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
        {
            device.Seek(offset, SeekOrigin.Begin);
            await device.WriteAsync(data);
            device.Flush(flushToDisk: true);
        }
        var readBack = new byte[data.Length];
        await using (var device = new FileStream($"/dev/{context.VolumeGroup}/{volumeId}", FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            device.Seek(offset, SeekOrigin.Begin);
            await device.ReadExactlyAsync(readBack);
        }
        Check.That(readBack.AsSpan().SequenceEqual(data), $"the LV holds the bytes written through {target}");
        context.Note($"wrote {data.Length / ScenarioContext.Mebibyte} MiB through the target, read it back from /dev/{context.VolumeGroup}/{volumeId}");

        var stats = await context.Mediator.Send(new GetVolumeStatsQuery(volumeId, target));
        Check.Equal<long?>(Size, stats.BlockSizeBytes, "NodeGetVolumeStats device size of a block volume");
        Check.That(!stats.Abnormal, $"volume condition is healthy ({stats.Message})");
    }
}
