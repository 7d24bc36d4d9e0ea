using OpenLocal.Application.NodeVolumes.ExpandNodeVolume;
using OpenLocal.Application.NodeVolumes.GetVolumeStats;
using OpenLocal.Application.NodeVolumes.PublishVolume;
using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Hosts.Csi.Tests.NodeVolumes;

public sealed class ExpandAndStatsHandlerTests
{
    private static readonly Dictionary<string, string> NoContext = [];

    [Fact]
    public async Task NodeExpand_before_the_LV_grew_is_Unavailable()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");
        await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, NoContext));

        var ex = await Assert.ThrowsAsync<StorageException>(async () =>
            await h.Mediator.Send(new ExpandNodeVolumeCommand("v1", NodeVolumeHarness.Target, 4L << 30, AccessType.Mount)));

        Assert.Equal(FailureKind.Unavailable, ex.Kind);
    }

    [Fact]
    public async Task NodeExpand_grows_the_filesystem_to_the_LV_size()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");
        await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, NoContext));
        await h.LogicalVolumes.ExtendAsync(NodeVolumeHarness.Vg, "v1", 4L << 30, CancellationToken.None);

        var capacity = await h.Mediator.Send(new ExpandNodeVolumeCommand("v1", NodeVolumeHarness.Target, 4L << 30, AccessType.Mount));
        var stats = await h.Mediator.Send(new GetVolumeStatsQuery("v1", NodeVolumeHarness.Target));

        Assert.Equal(4L << 30, capacity);
        Assert.Equal(4L << 30, stats.Filesystem!.TotalBytes);
    }

    [Fact]
    public async Task NodeExpand_of_a_block_volume_has_nothing_to_do()
    {
        await using var h = new NodeVolumeHarness();
        var volume = await h.ReadyLvmVolumeAsync("v1", access: AccessType.Block);

        var capacity = await h.Mediator.Send(new ExpandNodeVolumeCommand("v1", NodeVolumeHarness.Target, 1L << 30, AccessType.Block));

        Assert.Equal(volume.CapacityBytes, capacity);
    }

    [Fact]
    public async Task Stats_need_the_volume_published_at_the_path()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");

        var ex = await Assert.ThrowsAsync<StorageException>(async () => await h.Mediator.Send(new GetVolumeStatsQuery("v1", NodeVolumeHarness.KubeletTarget("nowhere"))));

        Assert.Equal(FailureKind.NotFound, ex.Kind);
    }

    [Fact]
    public async Task Stats_of_a_healthy_volume_say_so()
    {
        await using var h = new NodeVolumeHarness();
        await h.ReadyLvmVolumeAsync("v1");
        await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, NoContext));

        var stats = await h.Mediator.Send(new GetVolumeStatsQuery("v1", NodeVolumeHarness.Target));

        Assert.False(stats.Abnormal, stats.Message);
        Assert.Equal("volume is healthy", stats.Message);
        Assert.Equal(1L << 30, stats.Filesystem!.TotalBytes);
    }

    [Fact]
    public async Task Stats_report_an_abnormal_condition_when_the_volume_failed()
    {
        await using var h = new NodeVolumeHarness();
        var volume = await h.ReadyLvmVolumeAsync("v1");
        await h.Mediator.Send(new PublishVolumeCommand("v1", NodeVolumeHarness.Target, VolumeCapability.Mount(), false, NoContext));
        await h.Volumes.UpdateAsync(volume.MarkFailed(FailureKind.Internal, "lvextend failed"), CancellationToken.None);

        var stats = await h.Mediator.Send(new GetVolumeStatsQuery("v1", NodeVolumeHarness.Target));

        Assert.True(stats.Abnormal);
        Assert.Contains("lvextend failed", stats.Message, StringComparison.Ordinal);
    }
}
