using System.Text;
using OpenLocal.Application.Snapshots.CreateSnapshot;
using OpenLocal.Application.Volumes;
using OpenLocal.Application.Volumes.ExpandVolume;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Vm.Driver.Node;

namespace OpenLocal.Vm.Driver.Steps;

/// <summary>
/// Step 4: a thick copy-on-write snapshot of a published volume (csi.md §8) restored read-only: the
/// snapshot LV is mounted <c>ro</c>, the file reads back and writes are refused. Then the origin,
/// which now has an active snapshot, is expanded: lvm refuses to resize an active snapshot origin,
/// and the use case must say so as FailedPrecondition without touching the volume (ADR 0031).
/// </summary>
internal sealed class SnapshotStep : IScenarioStep
{
    private const long Size = 256 * ScenarioContext.Mebibyte;
    private const string OriginId = "local-vm-origin";
    private const string SnapshotId = "snap-vm-origin";
    private const string RestoreId = "local-vm-restore";

    public int Number => 4;

    public string Title => "snapshot: read-only restore, expansion of an origin with an active snapshot";

    public async Task RunAsync(ScenarioContext context)
    {
        var capability = VolumeCapability.Mount("ext4");
        var origin = await context.CreateLvmVolumeAsync(OriginId, Size, capability);
        var originTarget = context.MountTarget(OriginId);
        await context.PublishAsync(OriginId, originTarget, capability, readOnly: false, origin.Context);
        var content = Encoding.UTF8.GetBytes("written before the snapshot\n");
        await DataPattern.WriteFileAsync(Path.Combine(originTarget, "before.txt"), content);

        var snapshot = await context.Mediator.Send(new CreateSnapshotCommand(SnapshotId, OriginId, new Dictionary<string, string>
        {
            ["csi.aliyun.com/readonly"] = "true",
            ["csi.aliyun.com/snapshot-initial-size"] = "64Mi",
        }, HasSecrets: false));
        context.Snapshots.Add(SnapshotId);
        Check.Equal(64 * ScenarioContext.Mebibyte, snapshot.RestoreSizeBytes, "CreateSnapshot size_bytes (the COW size)");
        var snapshotLv = await NodeProbe.RequireLvAsync(context.VolumeGroup, SnapshotId);
        Check.That(snapshotLv.IsSnapshot && snapshotLv.IsActive, $"LV {SnapshotId} is an active snapshot (lv_attr {snapshotLv.Attributes})");
        Check.Equal(OriginId, snapshotLv.Origin, $"origin of {SnapshotId}");
        context.Note($"CreateSnapshot {SnapshotId}: thick COW LV of {snapshotLv.SizeBytes / ScenarioContext.Mebibyte} MiB");

        // Written after the snapshot: the restore must not see it.
        await DataPattern.WriteFileAsync(Path.Combine(originTarget, "after.txt"), content);

        var readOnlyCapability = VolumeCapability.Mount("ext4", AccessMode.SingleNodeReaderOnly);
        var restore = await context.CreateLvmVolumeAsync(RestoreId, Size, readOnlyCapability,
            new Dictionary<string, string> { ["csi.aliyun.com/restore-mode"] = "readonly" }, SnapshotId);
        Check.That(restore.Context.TryGetValue("csi.aliyun.com/readonly", out var flag) && flag == "true",
            "the read-only restore's volume context carries csi.aliyun.com/readonly=true");
        var restoreTarget = context.MountTarget(RestoreId);
        await context.PublishAsync(RestoreId, restoreTarget, readOnlyCapability, readOnly: true, restore.Context);
        var mount = NodeProbe.RequireMount(restoreTarget);
        Check.That(mount.IsReadOnly, $"{restoreTarget} is mounted read-only (options {string.Join(',', mount.Options)})");
        Check.Equal($"{snapshotLv.Major}:{snapshotLv.Minor}", mount.MajorMinor, $"device mounted at {restoreTarget} is the snapshot LV");
        await DataPattern.ExpectFileAsync(Path.Combine(restoreTarget, "before.txt"), content);
        Check.That(!File.Exists(Path.Combine(restoreTarget, "after.txt")), "a file written after the snapshot is not in the restore");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(restoreTarget, "write.txt"), "must fail");
            throw new ScenarioFailure($"writing to the read-only restore at {restoreTarget} succeeded");
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            context.Note($"restore mounted ro, file read back, write refused: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            context.Note($"restore mounted ro, file read back, write refused: {ex.Message}");
        }

        var refused = await Check.FailsWithAsync(FailureKind.FailedPrecondition,
            () => context.Mediator.Send(new ExpandVolumeCommand(OriginId, 2 * Size, 0, AccessType.Mount)).AsTask(),
            $"ControllerExpandVolume of {OriginId} while {SnapshotId} is active");
        Check.That(refused.Message.Contains(SnapshotId, StringComparison.Ordinal) || refused.Message.Contains("snapshot", StringComparison.OrdinalIgnoreCase),
            $"the refusal names the snapshot that blocks it: \"{refused.Message}\"");
        var originLv = await NodeProbe.RequireLvAsync(context.VolumeGroup, OriginId);
        Check.Equal(Size, originLv.SizeBytes, $"size of {OriginId} after the refused expansion");
        Check.That(originLv.IsActive && NodeProbe.RequireMount(originTarget).FsType == "ext4", $"{OriginId} stays active and mounted");
        await DataPattern.ExpectFileAsync(Path.Combine(originTarget, "after.txt"), content);
        context.Note($"expansion refused as FailedPrecondition: {refused.Message}");
    }
}
