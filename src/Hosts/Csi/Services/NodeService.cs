using Csi.V1;
using Grpc.Core;
using Mediator;
using OpenLocal.Application.NodeVolumes.ExpandNodeVolume;
using OpenLocal.Application.NodeVolumes.GetVolumeStats;
using OpenLocal.Application.NodeVolumes.PublishVolume;
using OpenLocal.Application.NodeVolumes.StageVolume;
using OpenLocal.Application.NodeVolumes.UnpublishVolume;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Csi.Wire;

namespace OpenLocal.Hosts.Csi.Services;

/// <summary>CSI Node (csi.md §6): translates each RPC into its NodeVolumes use case and back.</summary>
public sealed class NodeService(IMediator mediator, CsiPluginOptions options) : Node.NodeBase
{
    private static readonly NodeServiceCapability.Types.RPC.Types.Type[] Capabilities =
    [
        NodeServiceCapability.Types.RPC.Types.Type.StageUnstageVolume,
        NodeServiceCapability.Types.RPC.Types.Type.ExpandVolume,
        NodeServiceCapability.Types.RPC.Types.Type.GetVolumeStats,
        NodeServiceCapability.Types.RPC.Types.Type.VolumeCondition,
        NodeServiceCapability.Types.RPC.Types.Type.SingleNodeMultiWriter,
    ];

    public override Task<NodeGetCapabilitiesResponse> NodeGetCapabilities(NodeGetCapabilitiesRequest request, ServerCallContext context)
    {
        var response = new NodeGetCapabilitiesResponse();
        foreach (var type in Capabilities)
            response.Capabilities.Add(new NodeServiceCapability { Rpc = new NodeServiceCapability.Types.RPC { Type = type } });
        return Task.FromResult(response);
    }

    public override Task<NodeGetInfoResponse> NodeGetInfo(NodeGetInfoRequest request, ServerCallContext context) =>
        Task.FromResult(new NodeGetInfoResponse
        {
            NodeId = options.NodeId,
            MaxVolumesPerNode = options.MaxVolumesPerNode,
            AccessibleTopology = WireVolumes.TopologyOf(options.TopologyValue),
        });

    public override async Task<NodeStageVolumeResponse> NodeStageVolume(NodeStageVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = new StageVolumeCommand(request.VolumeId, request.StagingTargetPath, WireVolumes.ToCapabilityOrNull(request.VolumeCapability), Unstage: false);
        await mediator.Send(command, context.CancellationToken);
        return new NodeStageVolumeResponse();
    }

    public override async Task<NodeUnstageVolumeResponse> NodeUnstageVolume(NodeUnstageVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await mediator.Send(new StageVolumeCommand(request.VolumeId, request.StagingTargetPath, null, Unstage: true), context.CancellationToken);
        return new NodeUnstageVolumeResponse();
    }

    public override async Task<NodePublishVolumeResponse> NodePublishVolume(NodePublishVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        // The command cannot even be built without a capability; every other check is the validator's.
        if (request.VolumeCapability is null)
            throw StorageException.InvalidArgument("volume_capability is required");
        var command = new PublishVolumeCommand(
            request.VolumeId, request.TargetPath, WireVolumes.ToCapability(request.VolumeCapability), request.Readonly, request.VolumeContext, request.StagingTargetPath);
        await mediator.Send(command, context.CancellationToken);
        return new NodePublishVolumeResponse();
    }

    public override async Task<NodeUnpublishVolumeResponse> NodeUnpublishVolume(NodeUnpublishVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await mediator.Send(new UnpublishVolumeCommand(request.VolumeId, request.TargetPath), context.CancellationToken);
        return new NodeUnpublishVolumeResponse();
    }

    public override async Task<NodeExpandVolumeResponse> NodeExpandVolume(NodeExpandVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = new ExpandNodeVolumeCommand(
            request.VolumeId, request.VolumePath, request.CapacityRange?.RequiredBytes ?? 0, WireVolumes.ToCapabilityOrNull(request.VolumeCapability)?.AccessType, request.StagingTargetPath);
        var capacity = await mediator.Send(command, context.CancellationToken);
        return new NodeExpandVolumeResponse { CapacityBytes = capacity };
    }

    public override async Task<NodeGetVolumeStatsResponse> NodeGetVolumeStats(NodeGetVolumeStatsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var stats = await mediator.Send(new GetVolumeStatsQuery(request.VolumeId, request.VolumePath, request.StagingTargetPath), context.CancellationToken);
        var response = new NodeGetVolumeStatsResponse
        {
            VolumeCondition = new VolumeCondition { Abnormal = stats.Abnormal, Message = stats.Message },
        };
        if (stats.Filesystem is { } fs)
        {
            response.Usage.Add(new VolumeUsage { Unit = VolumeUsage.Types.Unit.Bytes, Total = fs.TotalBytes, Available = fs.AvailableBytes, Used = fs.UsedBytes });
            response.Usage.Add(new VolumeUsage { Unit = VolumeUsage.Types.Unit.Inodes, Total = fs.TotalInodes, Available = fs.FreeInodes, Used = fs.UsedInodes });
        }
        else if (stats.BlockSizeBytes is { } size)
        {
            response.Usage.Add(new VolumeUsage { Unit = VolumeUsage.Types.Unit.Bytes, Total = size });
        }
        return response;
    }
}
