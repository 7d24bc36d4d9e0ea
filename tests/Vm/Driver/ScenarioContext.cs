using System.Diagnostics;
using System.Globalization;
using Mediator;
using OpenLocal.Application.NodeVolumes.PublishVolume;
using OpenLocal.Application.Volumes;
using OpenLocal.Application.Volumes.CreateVolume;
using OpenLocal.Domain.Volumes;
using OpenLocal.Vm.Driver.Node;

namespace OpenLocal.Vm.Driver;

/// <summary>A volume the scenario published: what step 6 unpublishes.</summary>
internal sealed record Publication(string VolumeId, string TargetPath);

/// <summary>
/// What every step shares: the mediator (the use cases under test), the VG on the loop device, a
/// kubelet-like directory for publish targets, and the ledger of what was created so that step 6
/// can delete it all through the use cases.
/// </summary>
internal sealed class ScenarioContext(IMediator mediator, ScenarioSettings settings)
{
    /// <summary>The pod every publication belongs to (kubelet passes it with podInfoOnMount, csi.md §4.3).</summary>
    public const string PodUid = "0b0ab7b4-5f0e-4c7a-9d51-1f6b3d1c2a10";

    private readonly Stopwatch stepClock = new();

    public IMediator Mediator { get; } = mediator;

    public ScenarioSettings Settings { get; } = settings;

    public string VolumeGroup => Settings.VolumeGroup;

    /// <summary>Volume ids in creation order (step 6 deletes them newest first).</summary>
    public List<string> Volumes { get; } = [];

    /// <summary>Volumes restored from a snapshot: deleted before the snapshots they use.</summary>
    public List<string> Restores { get; } = [];

    public List<string> Snapshots { get; } = [];

    public List<Publication> Publications { get; } = [];

    /// <summary>The PV of the scenario's VG, attached by the setup step.</summary>
    public LoopDevice? Loop { get; set; }

    public void BeginStep() => stepClock.Restart();

    /// <summary>Prints one line of a step's progress with the time since the step began.</summary>
    public void Note(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {stepClock.Elapsed.TotalSeconds,6:F1}s  {message}"));

    /// <summary>kubelet's target for a filesystem volume: <c>pods/&lt;uid&gt;/volumes/kubernetes.io~csi/&lt;pv&gt;/mount</c>.</summary>
    public string MountTarget(string volumeId) =>
        Path.Combine(Settings.KubeletDirectory, "pods", PodUid, "volumes", "kubernetes.io~csi", volumeId, "mount");

    /// <summary>kubelet's target for a raw block volume: <c>plugins/kubernetes.io/csi/volumeDevices/publish/&lt;pv&gt;/&lt;uid&gt;</c>.</summary>
    public string BlockTarget(string volumeId) =>
        Path.Combine(Settings.KubeletDirectory, "plugins", "kubernetes.io", "csi", "volumeDevices", "publish", volumeId, PodUid);

    /// <summary>CSI CreateVolume of an LVM volume pinned to the scenario's VG on this node.</summary>
    public async Task<CreateVolumeResult> CreateLvmVolumeAsync(
        string volumeId, long bytes, VolumeCapability capability, IReadOnlyDictionary<string, string>? extraParameters = null, string? sourceSnapshotId = null)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["volumeType"] = nameof(VolumeType.LVM),
            ["vgName"] = VolumeGroup,
        };
        foreach (var (key, value) in extraParameters ?? new Dictionary<string, string>())
            parameters[key] = value;
        var result = await Mediator.Send(new CreateVolumeCommand(
            volumeId, bytes, 0, [capability], parameters, [Settings.NodeName], [Settings.NodeName], sourceSnapshotId));
        (sourceSnapshotId is null ? Volumes : Restores).Add(volumeId);
        Note($"CreateVolume {volumeId}: {result.CapacityBytes / Mebibyte} MiB on {result.Hostname}");
        return result;
    }

    /// <summary>CSI NodePublishVolume as kubelet calls it: the volume context plus the pod's identity.</summary>
    public async Task PublishAsync(string volumeId, string target, VolumeCapability capability, bool readOnly, IReadOnlyDictionary<string, string> volumeContext)
    {
        // kubelet creates the parent of the target; the plugin creates the target itself (csi.md §6.3).
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var context = new Dictionary<string, string>(volumeContext, StringComparer.Ordinal)
        {
            ["csi.storage.k8s.io/pod.name"] = "vm-pod",
            ["csi.storage.k8s.io/pod.namespace"] = "default",
            ["csi.storage.k8s.io/pod.uid"] = PodUid,
            ["csi.storage.k8s.io/serviceAccount.name"] = "default",
            ["csi.storage.k8s.io/ephemeral"] = "false",
        };
        await Mediator.Send(new PublishVolumeCommand(volumeId, target, capability, readOnly, context));
        Publications.Add(new Publication(volumeId, target));
        Note($"NodePublishVolume {volumeId} at {target}{(readOnly ? " (read-only)" : "")}");
    }

    public const long Mebibyte = 1024 * 1024;
}

/// <summary>Where the scenario works inside the VM and what it names things.</summary>
internal sealed record ScenarioSettings(string WorkDirectory, string VolumeGroup, string NodeName, long PhysicalVolumeBytes)
{
    public string KubeletDirectory => Path.Combine(WorkDirectory, "kubelet");

    public string StateDirectory => Path.Combine(WorkDirectory, "state");
}
