using OpenLocal.Application.NodeVolumes.UnpublishVolume;
using OpenLocal.Application.Volumes;
using OpenLocal.Vm.Driver.Node;

namespace OpenLocal.Vm.Driver.Steps;

/// <summary>
/// Step 5: a volume of the seed's throttled StorageClass (bps 1 MiB/s, iops 1024; throttling.md §8)
/// published as a raw block device gets an io.max line for its dm device in the pod's cgroup v2, and
/// fio direct IO from inside the pod measures 1 MiB/s read and write within ±25 % (ADR 0034); the
/// same IO outside the pod is at least 5× faster, so the limit is what was measured. Unpublish
/// removes the line (§7).
/// </summary>
internal sealed class ThrottleStep : IScenarioStep
{
    private const long Size = 64 * ScenarioContext.Mebibyte;
    private const long Limit = 1024 * 1024;
    private const double Tolerance = 0.25;
    private const int MeasuredSeconds = 10;

    public int Number => 5;

    public string Title => "cgroup v2 io.max: 1 MiB/s limit measured with fio direct IO";

    public async Task RunAsync(ScenarioContext context)
    {
        const string volumeId = "local-vm-throttled";
        var capability = VolumeCapability.Block();
        var created = await context.CreateLvmVolumeAsync(volumeId, Size, capability,
            new Dictionary<string, string> { ["bps"] = "1048576", ["iops"] = "1024" });
        var lv = await NodeProbe.RequireLvAsync(context.VolumeGroup, volumeId);
        var device = $"{lv.Major}:{lv.Minor}";

        // kubelet creates the pod cgroup before it publishes the pod's volumes (throttling.md §1).
        var pod = PodCgroup.Create(ScenarioContext.PodUid);
        try
        {
            var target = context.BlockTarget(volumeId);
            await context.PublishAsync(volumeId, target, capability, readOnly: false, created.Context);
            var rule = pod.ReadIoMax().Split('\n').FirstOrDefault(line => line.StartsWith(device + " ", StringComparison.Ordinal));
            Check.Equal($"{device} rbps={Limit} wbps={Limit} riops=1024 wiops=1024", rule, $"io.max of {pod.PodDirectory}");
            context.Note($"io.max: {rule}");

            var limited = await pod.RunInsideAsync(() => Fio.MixedDirectAsync(target, MeasuredSeconds));
            context.Note($"fio in the pod ({MeasuredSeconds} s): {limited}");
            Check.Within(Limit, Tolerance, limited.ReadBytesPerSecond, "read bytes/s under the 1 MiB/s limit");
            Check.Within(Limit, Tolerance, limited.WriteBytesPerSecond, "write bytes/s under the 1 MiB/s limit");

            var free = await Fio.MixedDirectAsync(target, 3);
            context.Note($"fio outside the pod (3 s): {free}");
            Check.AtLeast(5 * Limit, (long)free.ReadBytesPerSecond, "read bytes/s of the same device without the limit");

            await context.Mediator.Send(new UnpublishVolumeCommand(volumeId, target));
            context.Publications.RemoveAll(p => p.TargetPath == target);
            Check.That(!pod.ReadIoMax().Contains(device + " ", StringComparison.Ordinal), $"NodeUnpublishVolume removed the io.max line of {device}: {pod.ReadIoMax()}");
            context.Note("NodeUnpublishVolume removed the io.max line");
        }
        finally
        {
            pod.Remove();
        }
    }
}
