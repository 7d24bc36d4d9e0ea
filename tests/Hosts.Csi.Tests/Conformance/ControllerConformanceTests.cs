using Csi.V1;
using Grpc.Core;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>The MUSTs of csi.md §5 for volumes, over the wire.</summary>
public sealed class ControllerConformanceTests : PluginTest
{
    [Fact]
    public async Task ControllerGetCapabilities_lists_what_the_sidecars_need()
    {
        var caps = await Plugin.Controller.ControllerGetCapabilitiesAsync(new ControllerGetCapabilitiesRequest());

        var types = caps.Capabilities.Select(c => c.Rpc.Type).ToList();
        foreach (var required in new[]
        {
            ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteVolume,
            ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteSnapshot,
            ControllerServiceCapability.Types.RPC.Types.Type.ExpandVolume,
            ControllerServiceCapability.Types.RPC.Types.Type.GetCapacity,
            ControllerServiceCapability.Types.RPC.Types.Type.ListSnapshots,
            ControllerServiceCapability.Types.RPC.Types.Type.ListVolumes,
        })
        {
            Assert.Contains(required, types);
        }
        Assert.DoesNotContain(ControllerServiceCapability.Types.RPC.Types.Type.PublishUnpublishVolume, types);
        Assert.DoesNotContain(ControllerServiceCapability.Types.RPC.Types.Type.CloneVolume, types);
    }

    [Fact]
    public async Task CreateVolume_without_name_is_InvalidArgument()
    {
        var request = CreateLvm("x");
        request.Name = string.Empty;

        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateVolumeAsync(request));
    }

    [Fact]
    public async Task CreateVolume_without_capabilities_is_InvalidArgument()
    {
        var request = CreateLvm("no-caps");
        request.VolumeCapabilities.Clear();

        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateVolumeAsync(request));
    }

    [Fact]
    public async Task CreateVolume_and_GetCapacity_without_parameters_default_to_LVM_on_the_fake_node()
    {
        // csi-sanity sends no StorageClass parameters; `csi --backend fake` must serve it unconfigured.
        var request = CreateLvm("no-parameters");
        request.Parameters.Clear();

        var response = await Plugin.Controller.CreateVolumeAsync(request);
        var capacity = await Plugin.Controller.GetCapacityAsync(new GetCapacityRequest());

        Assert.Equal("no-parameters", response.Volume.VolumeId);
        Assert.True(capacity.AvailableCapacity > 0);
    }

    [Fact]
    public async Task CreateVolume_with_an_unknown_volumeType_is_InvalidArgument()
    {
        var request = CreateLvm("bad-type");
        request.Parameters["volumeType"] = "Quota";

        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateVolumeAsync(request));
    }

    [Fact]
    public async Task CreateVolume_with_a_multi_node_access_mode_is_InvalidArgument()
    {
        var request = CreateLvm("rwx", capability: MountCapability(mode: VolumeCapability.Types.AccessMode.Types.Mode.MultiNodeMultiWriter));

        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateVolumeAsync(request));
    }

    [Fact]
    public async Task CreateVolume_returns_id_capacity_context_and_the_node_topology()
    {
        var response = await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-a", GiB));

        Assert.Equal("vol-a", response.Volume.VolumeId);
        Assert.True(response.Volume.CapacityBytes >= GiB);
        Assert.Equal("LVM", response.Volume.VolumeContext["volumeType"]);
        Assert.Equal(RunningPlugin.VolumeGroup, response.Volume.VolumeContext["vgName"]);
        var topology = Assert.Single(response.Volume.AccessibleTopology);
        Assert.Equal(RunningPlugin.NodeId, topology.Segments["kubernetes.io/hostname"]);
    }

    [Fact]
    public async Task CreateVolume_repeated_with_the_same_arguments_returns_the_same_volume()
    {
        var first = await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-idem", GiB));
        var second = await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-idem", GiB));

        Assert.Equal(first.Volume, second.Volume);
        var list = await Plugin.Controller.ListVolumesAsync(new ListVolumesRequest());
        Assert.Single(list.Entries, e => e.Volume.VolumeId == "vol-idem");
    }

    [Fact]
    public async Task CreateVolume_repeated_with_an_incompatible_size_is_AlreadyExists()
    {
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-clash", GiB));
        var bigger = CreateLvm("vol-clash", 2 * GiB);
        bigger.CapacityRange.LimitBytes = 2 * GiB;

        await AssertStatus(StatusCode.AlreadyExists, () => Plugin.Controller.CreateVolumeAsync(bigger));
    }

    [Fact]
    public async Task CreateVolume_beyond_the_free_space_is_ResourceExhausted()
    {
        await AssertStatus(StatusCode.ResourceExhausted, () => Plugin.Controller.CreateVolumeAsync(CreateLvm("too-big", 1024 * GiB)));
    }

    [Fact]
    public async Task GetCapacity_shrinks_by_what_a_new_volume_takes()
    {
        var request = new GetCapacityRequest { Parameters = { ["volumeType"] = "LVM" }, AccessibleTopology = new Topology { Segments = { ["kubernetes.io/hostname"] = RunningPlugin.NodeId } } };
        var before = await Plugin.Controller.GetCapacityAsync(request);

        await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-cap", 4 * GiB));

        var after = await Plugin.Controller.GetCapacityAsync(request);
        Assert.Equal(before.AvailableCapacity - 4 * GiB, after.AvailableCapacity);
    }

    [Fact]
    public async Task DeleteVolume_without_id_is_InvalidArgument()
    {
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest()));
    }

    [Fact]
    public async Task DeleteVolume_of_an_unknown_id_succeeds_and_repeats_succeed()
    {
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-del", GiB));

        await Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "vol-del" });
        await Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "vol-del" });
        await Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "never-existed" });

        var list = await Plugin.Controller.ListVolumesAsync(new ListVolumesRequest());
        Assert.DoesNotContain(list.Entries, e => e.Volume.VolumeId == "vol-del");
    }

    [Fact]
    public async Task ValidateVolumeCapabilities_checks_fields_existence_and_support()
    {
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.ValidateVolumeCapabilitiesAsync(
            new ValidateVolumeCapabilitiesRequest { VolumeCapabilities = { MountCapability() } }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.ValidateVolumeCapabilitiesAsync(
            new ValidateVolumeCapabilitiesRequest { VolumeId = "x" }));
        await AssertStatus(StatusCode.NotFound, () => Plugin.Controller.ValidateVolumeCapabilitiesAsync(
            new ValidateVolumeCapabilitiesRequest { VolumeId = "unknown", VolumeCapabilities = { MountCapability() } }));

        await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-val", GiB));
        var supported = await Plugin.Controller.ValidateVolumeCapabilitiesAsync(
            new ValidateVolumeCapabilitiesRequest { VolumeId = "vol-val", VolumeCapabilities = { MountCapability(), BlockCapability() } });
        Assert.NotNull(supported.Confirmed);
        Assert.Equal(2, supported.Confirmed.VolumeCapabilities.Count);

        var multiNode = await Plugin.Controller.ValidateVolumeCapabilitiesAsync(new ValidateVolumeCapabilitiesRequest
        {
            VolumeId = "vol-val",
            VolumeCapabilities = { MountCapability(mode: VolumeCapability.Types.AccessMode.Types.Mode.MultiNodeReaderOnly) },
        });
        Assert.Null(multiNode.Confirmed);
        Assert.False(string.IsNullOrEmpty(multiNode.Message));
    }

    [Fact]
    public async Task ControllerExpandVolume_grows_and_asks_the_node_to_grow_the_filesystem()
    {
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.ControllerExpandVolumeAsync(
            new ControllerExpandVolumeRequest { CapacityRange = new CapacityRange { RequiredBytes = GiB } }));
        await AssertStatus(StatusCode.NotFound, () => Plugin.Controller.ControllerExpandVolumeAsync(
            new ControllerExpandVolumeRequest { VolumeId = "unknown", CapacityRange = new CapacityRange { RequiredBytes = GiB } }));
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-grow", GiB));

        var expanded = await Plugin.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest
        {
            VolumeId = "vol-grow",
            CapacityRange = new CapacityRange { RequiredBytes = 3 * GiB },
            VolumeCapability = MountCapability(),
        });

        Assert.True(expanded.CapacityBytes >= 3 * GiB);
        Assert.True(expanded.NodeExpansionRequired);
        var again = await Plugin.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest
        {
            VolumeId = "vol-grow",
            CapacityRange = new CapacityRange { RequiredBytes = 3 * GiB },
        });
        Assert.Equal(expanded.CapacityBytes, again.CapacityBytes);
    }

    [Fact]
    public async Task ControllerExpandVolume_beyond_the_free_space_is_ResourceExhausted()
    {
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-huge", GiB));

        await AssertStatus(StatusCode.ResourceExhausted, () => Plugin.Controller.ControllerExpandVolumeAsync(new ControllerExpandVolumeRequest
        {
            VolumeId = "vol-huge",
            CapacityRange = new CapacityRange { RequiredBytes = 1024 * GiB },
        }));
    }

    [Fact]
    public async Task ControllerPublishVolume_is_not_offered()
    {
        await AssertStatus(StatusCode.Unimplemented, () => Plugin.Controller.ControllerPublishVolumeAsync(
            new ControllerPublishVolumeRequest { VolumeId = "v", NodeId = RunningPlugin.NodeId }));
    }
}
