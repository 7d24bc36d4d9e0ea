using Csi.V1;
using Grpc.Core;

namespace OpenLocal.Hosts.Csi.Services;

/// <summary>CSI Identity (csi.md §2, §9): name, version, capabilities, readiness.</summary>
public sealed class IdentityService(CsiPluginOptions options, PluginReadiness readiness) : Identity.IdentityBase
{
    public override Task<GetPluginInfoResponse> GetPluginInfo(GetPluginInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new GetPluginInfoResponse { Name = options.DriverName, VendorVersion = options.VendorVersion });

    public override Task<GetPluginCapabilitiesResponse> GetPluginCapabilities(GetPluginCapabilitiesRequest request, ServerCallContext context)
    {
        var response = new GetPluginCapabilitiesResponse();
        // A node-only process must not claim the controller service (CSI spec, "headless" plugins).
        if (options.ServesController)
            response.Capabilities.Add(Service(PluginCapability.Types.Service.Types.Type.ControllerService));
        response.Capabilities.Add(Service(PluginCapability.Types.Service.Types.Type.VolumeAccessibilityConstraints));
        response.Capabilities.Add(new PluginCapability
        {
            VolumeExpansion = new PluginCapability.Types.VolumeExpansion { Type = PluginCapability.Types.VolumeExpansion.Types.Type.Online },
        });
        return Task.FromResult(response);
    }

    public override async Task<ProbeResponse> Probe(ProbeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ProbeResponse { Ready = await readiness.IsReadyAsync(context.CancellationToken) };
    }

    private static PluginCapability Service(PluginCapability.Types.Service.Types.Type type) =>
        new() { Service = new PluginCapability.Types.Service { Type = type } };
}
