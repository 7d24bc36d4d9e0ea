using OpenLocal.Application.NodeVolumes.PublishVolume;
using OpenLocal.Application.NodeVolumes.UnpublishVolume;
using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Csi.Tests.NodeVolumes;

/// <summary>Issue 19: NodeUnpublish of an unknown volume id unmounts only a mount it can tell is that volume's.</summary>
public sealed class UnpublishVolumeHandlerTests
{
    private static readonly Dictionary<string, string> NoContext = [];

    [Fact]
    public async Task An_unknown_id_does_not_unmount_another_volumes_target()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");
        await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, NoContext));

        var ex = await Assert.ThrowsAsync<StorageException>(async () => await h.Mediator.Send(new UnpublishVolumeCommand("never-existed", NodeVolumeHarness.Target)));

        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
        Assert.Contains("not unmounting", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(h.MountAt(NodeVolumeHarness.Target));
    }

    [Fact]
    public async Task A_volume_published_from_its_context_is_unmounted_by_its_id_without_a_record()
    {
        await using var h = new NodeVolumeHarness();
        await h.LogicalVolumes.CreateAsync(new Application.Ports.LogicalVolumeSpec(NodeVolumeHarness.Vg, "legacy", 1L << 30, Domain.Volumes.LvmLayout.Linear, []), CancellationToken.None);
        var context = new Dictionary<string, string> { ["volumeType"] = "LVM", ["vgName"] = NodeVolumeHarness.Vg };
        var target = NodeVolumeHarness.KubeletTarget("legacy");
        await h.Mediator.Send(new PublishVolumeCommand("legacy", target, VolumeCapability.Mount(), false, context));

        await h.Mediator.Send(new UnpublishVolumeCommand("legacy", target));

        Assert.Null(h.MountAt(target));
    }
}
