using Csi.V1;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

public sealed class IdentityConformanceTests : PluginTest
{
    [Fact]
    public async Task GetPluginInfo_names_the_open_local_driver_with_a_version()
    {
        var info = await Plugin.Identity.GetPluginInfoAsync(new GetPluginInfoRequest());

        Assert.Equal("local.csi.aliyun.com", info.Name);
        Assert.False(string.IsNullOrEmpty(info.VendorVersion));
    }

    [Fact]
    public async Task GetPluginCapabilities_offers_controller_topology_and_online_expansion()
    {
        var caps = await Plugin.Identity.GetPluginCapabilitiesAsync(new GetPluginCapabilitiesRequest());

        var services = caps.Capabilities.Where(c => c.Service is not null).Select(c => c.Service.Type).ToList();
        Assert.Contains(PluginCapability.Types.Service.Types.Type.ControllerService, services);
        Assert.Contains(PluginCapability.Types.Service.Types.Type.VolumeAccessibilityConstraints, services);
        Assert.Contains(caps.Capabilities, c => c.VolumeExpansion?.Type == PluginCapability.Types.VolumeExpansion.Types.Type.Online);
    }

    [Fact]
    public async Task Probe_is_ready_once_the_fake_backend_answers()
    {
        var probe = await Plugin.Identity.ProbeAsync(new ProbeRequest());

        Assert.True(probe.Ready);
    }
}

public sealed class NodeModeConformanceTests
{
    [Fact]
    public async Task A_node_only_plugin_does_not_claim_or_serve_the_controller()
    {
        await using var plugin = await RunningPlugin.StartAsync(mode: "node");

        var caps = await plugin.Identity.GetPluginCapabilitiesAsync(new GetPluginCapabilitiesRequest());
        Assert.DoesNotContain(caps.Capabilities, c => c.Service?.Type == PluginCapability.Types.Service.Types.Type.ControllerService);
        var ex = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await plugin.Controller.ControllerGetCapabilitiesAsync(new ControllerGetCapabilitiesRequest()));
        Assert.Equal(Grpc.Core.StatusCode.Unimplemented, ex.StatusCode);
        var info = await plugin.Node.NodeGetInfoAsync(new NodeGetInfoRequest());
        Assert.Equal(RunningPlugin.NodeId, info.NodeId);
    }
}
