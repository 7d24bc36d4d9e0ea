using Csi.V1;
using Grpc.Core;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>The MUSTs of csi.md §6 over the wire, with targets under a temporary directory.</summary>
public sealed class NodeConformanceTests : PluginTest
{
    [Fact]
    public async Task NodeGetInfo_reports_node_id_volume_limit_and_topology()
    {
        var info = await Plugin.Node.NodeGetInfoAsync(new NodeGetInfoRequest());

        Assert.Equal(RunningPlugin.NodeId, info.NodeId);
        Assert.Equal(64, info.MaxVolumesPerNode);
        Assert.Equal(RunningPlugin.NodeId, info.AccessibleTopology.Segments["kubernetes.io/hostname"]);
    }

    [Fact]
    public async Task NodeGetCapabilities_keeps_stage_and_offers_expand_stats_and_condition()
    {
        var caps = await Plugin.Node.NodeGetCapabilitiesAsync(new NodeGetCapabilitiesRequest());

        var types = caps.Capabilities.Select(c => c.Rpc.Type).ToList();
        Assert.Contains(NodeServiceCapability.Types.RPC.Types.Type.StageUnstageVolume, types);
        Assert.Contains(NodeServiceCapability.Types.RPC.Types.Type.ExpandVolume, types);
        Assert.Contains(NodeServiceCapability.Types.RPC.Types.Type.GetVolumeStats, types);
        Assert.Contains(NodeServiceCapability.Types.RPC.Types.Type.VolumeCondition, types);
    }

    [Fact]
    public async Task Stage_and_unstage_validate_their_fields_and_otherwise_succeed()
    {
        var staging = Plugin.TargetPath("staging");
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeStageVolumeAsync(new NodeStageVolumeRequest { StagingTargetPath = staging, VolumeCapability = MountCapability() }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeStageVolumeAsync(new NodeStageVolumeRequest { VolumeId = "v", VolumeCapability = MountCapability() }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeStageVolumeAsync(new NodeStageVolumeRequest { VolumeId = "v", StagingTargetPath = staging }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeUnstageVolumeAsync(new NodeUnstageVolumeRequest { VolumeId = "v" }));

        await Plugin.Node.NodeStageVolumeAsync(new NodeStageVolumeRequest { VolumeId = "v", StagingTargetPath = staging, VolumeCapability = MountCapability() });
        await Plugin.Node.NodeUnstageVolumeAsync(new NodeUnstageVolumeRequest { VolumeId = "v", StagingTargetPath = staging });
    }

    [Fact]
    public async Task NodePublishVolume_without_id_target_or_capability_is_InvalidArgument()
    {
        var target = Plugin.TargetPath("t");
        var noId = Publish(string.Empty, target, new Dictionary<string, string>());
        var noTarget = Publish("v", string.Empty, new Dictionary<string, string>());
        var noCapability = Publish("v", target, new Dictionary<string, string>());
        noCapability.VolumeCapability = null;

        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodePublishVolumeAsync(noId));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodePublishVolumeAsync(noTarget));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodePublishVolumeAsync(noCapability));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { TargetPath = target }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = "v" }));
    }

    [Fact]
    public async Task Publish_twice_stats_then_unpublish_twice()
    {
        var volume = (await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-pub", 2 * GiB))).Volume;
        var target = Plugin.TargetPath("vol-pub");

        await Plugin.Node.NodePublishVolumeAsync(Publish(volume.VolumeId, target, volume.VolumeContext));
        await Plugin.Node.NodePublishVolumeAsync(Publish(volume.VolumeId, target, volume.VolumeContext));
        Assert.True(Directory.Exists(target), "the target directory is created");

        var stats = await Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = volume.VolumeId, VolumePath = target });
        var bytes = Assert.Single(stats.Usage, u => u.Unit == VolumeUsage.Types.Unit.Bytes);
        Assert.True(bytes.Total >= 2 * GiB);
        Assert.Equal(bytes.Total, bytes.Used + bytes.Available);
        var inodes = Assert.Single(stats.Usage, u => u.Unit == VolumeUsage.Types.Unit.Inodes);
        Assert.True(inodes.Total > 0);
        Assert.False(stats.VolumeCondition.Abnormal, stats.VolumeCondition.Message);

        await Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.VolumeId, TargetPath = target });
        await Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.VolumeId, TargetPath = target });
        Assert.False(Directory.Exists(target), "the target directory is removed");
        await AssertStatus(StatusCode.NotFound, () => Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = volume.VolumeId, VolumePath = target }));
    }

    [Fact]
    public async Task Publishing_another_volume_on_a_used_target_is_AlreadyExists()
    {
        var a = (await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-x", GiB))).Volume;
        var b = (await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-y", GiB))).Volume;
        var target = Plugin.TargetPath("shared");
        await Plugin.Node.NodePublishVolumeAsync(Publish(a.VolumeId, target, a.VolumeContext));

        await AssertStatus(StatusCode.AlreadyExists, () => Plugin.Node.NodePublishVolumeAsync(Publish(b.VolumeId, target, b.VolumeContext)));
    }

    [Fact]
    public async Task Block_publish_binds_the_device_onto_a_file_and_reports_its_size()
    {
        var volume = (await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-blk", GiB, BlockCapability()))).Volume;
        var target = Plugin.TargetPath("vol-blk");

        await Plugin.Node.NodePublishVolumeAsync(Publish(volume.VolumeId, target, volume.VolumeContext, BlockCapability()));

        Assert.True(File.Exists(target), "block targets are files");
        var stats = await Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = volume.VolumeId, VolumePath = target });
        var usage = Assert.Single(stats.Usage);
        Assert.Equal(VolumeUsage.Types.Unit.Bytes, usage.Unit);
        Assert.Equal(volume.CapacityBytes, usage.Total);
        await Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.VolumeId, TargetPath = target });
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task NodeGetVolumeStats_checks_fields_and_unknown_volumes()
    {
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumePath = "/tmp" }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = "v" }));
        await AssertStatus(StatusCode.NotFound, () => Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = "unknown", VolumePath = Plugin.TargetPath("unknown") }));
    }

    [Fact]
    public async Task NodeExpandVolume_grows_the_published_filesystem_after_the_controller()
    {
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest { VolumePath = "/tmp" }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest { VolumeId = "v" }));
        await AssertStatus(StatusCode.NotFound, () => Plugin.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest { VolumeId = "unknown", VolumePath = Plugin.TargetPath("unknown") }));
        var volume = (await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-ne", GiB))).Volume;
        var target = Plugin.TargetPath("vol-ne");
        await Plugin.Node.NodePublishVolumeAsync(Publish(volume.VolumeId, target, volume.VolumeContext));
        await Plugin.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest { VolumeId = "vol-ne", CapacityRange = new CapacityRange { RequiredBytes = 3 * GiB } });

        var expanded = await Plugin.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest
        {
            VolumeId = "vol-ne",
            VolumePath = target,
            CapacityRange = new CapacityRange { RequiredBytes = 3 * GiB },
            VolumeCapability = MountCapability(),
        });

        Assert.True(expanded.CapacityBytes >= 3 * GiB);
        var stats = await Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = "vol-ne", VolumePath = target });
        Assert.True(stats.Usage.Single(u => u.Unit == VolumeUsage.Types.Unit.Bytes).Total >= 3 * GiB);
    }
}
