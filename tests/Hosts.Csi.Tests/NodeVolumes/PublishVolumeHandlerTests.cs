using OpenLocal.Application.NodeVolumes;
using OpenLocal.Application.NodeVolumes.PublishVolume;
using OpenLocal.Application.NodeVolumes.UnpublishVolume;
using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Hosts.Csi.Tests.NodeVolumes;

public sealed class PublishVolumeHandlerTests
{
    private static readonly Dictionary<string, string> NoContext = [];

    [Fact]
    public async Task Formats_a_blank_LV_once_and_mounts_it_with_deduplicated_options()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");
        var capability = new VolumeCapability(AccessType.Mount, "ext4", ["noatime", "noatime", "rw"], AccessMode.SingleNodeWriter);

        await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.KubeletTarget("a"), capability, false, NoContext));
        await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.KubeletTarget("a"), capability, false, NoContext));

        var mount = Assert.Single(h.Machine.MountTable, m => m.Target == NodeVolumeHarness.KubeletTarget("a"));
        Assert.Equal($"/dev/{NodeVolumeHarness.Vg}/v1", mount.Source);
        Assert.Equal("ext4", mount.FsType);
        Assert.Equal(["rw", "noatime"], mount.Options);
    }

    [Fact]
    public async Task Read_only_xfs_publish_mounts_ro_with_nouuid()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");
        h.Machine.SetSignature($"/dev/{NodeVolumeHarness.Vg}/v1", "xfs");

        await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount("xfs"), true, NoContext));

        Assert.Equal(["ro", "nouuid"], h.MountAt(NodeVolumeHarness.Target)!.Options);
    }

    [Fact]
    public async Task An_existing_filesystem_of_another_type_is_never_reformatted_and_the_target_is_undone()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");
        h.Machine.SetSignature($"/dev/{NodeVolumeHarness.Vg}/v1", "xfs");

        var ex = await Assert.ThrowsAsync<StorageException>(async () =>
            await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount("ext4"), false, NoContext)));

        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
        Assert.Contains("already contains xfs", ex.Message, StringComparison.Ordinal);
        Assert.Null(h.MountAt(NodeVolumeHarness.Target));
    }

    [Fact]
    public async Task A_volume_that_is_not_ready_yet_is_Unavailable()
    {
        await using var h = new NodeVolumeHarness();
        await h.Volumes.CreateAsync(new LocalVolume("pending", "node-1", VolumeType.LVM, NodeVolumeHarness.Vg, 1L << 30), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<StorageException>(async () =>
            await h.Mediator.Send(new PublishVolumeCommand("pending", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, NoContext)));

        Assert.Equal(FailureKind.Unavailable, ex.Kind);
    }

    [Fact]
    public async Task Unsupported_filesystem_and_multi_node_modes_are_rejected_before_any_effect()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");

        var fs = await Assert.ThrowsAsync<Application.Pipeline.RequestValidationException>(async () =>
            await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount("btrfs"), false, NoContext)));
        var mode = await Assert.ThrowsAsync<Application.Pipeline.RequestValidationException>(async () =>
            await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount("ext4", AccessMode.MultiNodeMultiWriter), false, NoContext)));

        Assert.Equal(FailureKind.InvalidArgument, fs.Kind);
        Assert.Equal(FailureKind.InvalidArgument, mode.Kind);
        Assert.DoesNotContain(h.Machine.MountTable, m => m.Target == NodeVolumeHarness.Target);
    }

    [Fact]
    public async Task A_PV_provisioned_elsewhere_is_published_from_its_volume_context()
    {
        await using var h = new NodeVolumeHarness();
        await h.LogicalVolumes.CreateAsync(new Application.Ports.LogicalVolumeSpec(NodeVolumeHarness.Vg, "legacy", 1L << 30, LvmLayout.Linear, []), CancellationToken.None);
        var context = new Dictionary<string, string> { ["volumeType"] = "LVM", ["vgName"] = NodeVolumeHarness.Vg };

        await h.Mediator.Send(new PublishVolumeCommand("legacy", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, context));

        Assert.Equal($"/dev/{NodeVolumeHarness.Vg}/legacy", h.MountAt(NodeVolumeHarness.Target)!.Source);
    }

    [Fact]
    public async Task IO_limits_are_applied_in_the_pod_cgroup_and_removed_at_unpublish()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1", shape: v => v with { Throttle = IoThrottle.Symmetric(1 << 20, 100) });
        const string target = "/var/lib/kubelet/pods/0b0ab7b4-5f0e-4c7a-9d51-1f6b3d1c2a10/volumes/kubernetes.io~csi/v1/mount";

        await h.Mediator.Send(new PublishVolumeCommand("v1", target, VolumeCapability.Mount(), false, NoContext));

        Assert.Equal(IoThrottle.Symmetric(1 << 20, 100), h.Throttles.Find("v1", "0b0ab7b4-5f0e-4c7a-9d51-1f6b3d1c2a10"));
        await h.Mediator.Send(new UnpublishVolumeCommand("v1", target));
        Assert.Null(h.Throttles.Find("v1", "0b0ab7b4-5f0e-4c7a-9d51-1f6b3d1c2a10"));
        Assert.Null(h.MountAt(target));
    }

    [Fact]
    public async Task Inline_ephemeral_volumes_are_created_at_publish_and_removed_at_unpublish()
    {
        await using var h = new NodeVolumeHarness();
        var context = new Dictionary<string, string>
        {
            [NodeVolumeKeys.Ephemeral] = "true",
            [NodeVolumeKeys.VolumeGroup] = NodeVolumeHarness.Vg,
            [NodeVolumeKeys.Size] = "2Gi",
            [NodeVolumeKeys.PodUid] = "pod-1",
        };

        await h.Mediator.Send(new PublishVolumeCommand("csi-abc", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, context));

        var lv = await h.LogicalVolumes.FindAsync(NodeVolumeHarness.Vg, "csi-abc", CancellationToken.None);
        Assert.NotNull(lv);
        Assert.Equal(2L << 30, lv.SizeBytes);
        Assert.NotNull((await h.Volumes.FindAsync("csi-abc", CancellationToken.None))?.Ephemeral);

        await h.Mediator.Send(new UnpublishVolumeCommand("csi-abc", NodeVolumeHarness.Target));

        Assert.Null(await h.LogicalVolumes.FindAsync(NodeVolumeHarness.Vg, "csi-abc", CancellationToken.None));
        Assert.Null(await h.Volumes.FindAsync("csi-abc", CancellationToken.None));
    }

    [Fact]
    public async Task Inline_ephemeral_volumes_need_a_volume_group()
    {
        await using var h = new NodeVolumeHarness();
        var context = new Dictionary<string, string> { [NodeVolumeKeys.Ephemeral] = "true" };

        var ex = await Assert.ThrowsAsync<StorageException>(async () =>
            await h.Mediator.Send(new PublishVolumeCommand("csi-abc", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, context)));

        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
        Assert.Contains("vgName", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpublishing_an_absent_target_succeeds()
    {
        await using var h = new NodeVolumeHarness();

        await h.Mediator.Send(new UnpublishVolumeCommand("whatever", NodeVolumeHarness.KubeletTarget("not-there")));
    }
}
