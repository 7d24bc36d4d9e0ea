using Csi.V1;
using Grpc.Core;
using Mediator;
using OpenLocal.Application.Capacity.GetCapacity;
using OpenLocal.Application.Snapshots.CreateSnapshot;
using OpenLocal.Application.Snapshots.DeleteSnapshot;
using OpenLocal.Application.Snapshots.ListSnapshots;
using OpenLocal.Application.Volumes.CreateVolume;
using OpenLocal.Application.Volumes.DeleteVolume;
using OpenLocal.Application.Volumes.ExpandVolume;
using OpenLocal.Application.Volumes.GetVolume;
using OpenLocal.Application.Volumes.ListVolumes;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Csi.Wire;

namespace OpenLocal.Hosts.Csi.Services;

/// <summary>
/// CSI Controller (csi.md §5, §8): translates each RPC into its use case and back. Validation,
/// locking and failures live in the Application; ControllerPublish/Unpublish and ModifyVolume are
/// answer Unimplemented (attachRequired: false).
/// </summary>
public sealed class ControllerService(IMediator mediator) : Controller.ControllerBase
{
    private static readonly ControllerServiceCapability.Types.RPC.Types.Type[] Capabilities =
    [
        ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteVolume,
        ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteSnapshot,
        ControllerServiceCapability.Types.RPC.Types.Type.ExpandVolume,
        ControllerServiceCapability.Types.RPC.Types.Type.GetCapacity,
        ControllerServiceCapability.Types.RPC.Types.Type.ListSnapshots,
        ControllerServiceCapability.Types.RPC.Types.Type.ListVolumes,
        ControllerServiceCapability.Types.RPC.Types.Type.GetVolume,
        ControllerServiceCapability.Types.RPC.Types.Type.VolumeCondition,
        ControllerServiceCapability.Types.RPC.Types.Type.SingleNodeMultiWriter,
    ];

    public override Task<ControllerGetCapabilitiesResponse> ControllerGetCapabilities(ControllerGetCapabilitiesRequest request, ServerCallContext context)
    {
        var response = new ControllerGetCapabilitiesResponse();
        foreach (var type in Capabilities)
            response.Capabilities.Add(new ControllerServiceCapability { Rpc = new ControllerServiceCapability.Types.RPC { Type = type } });
        return Task.FromResult(response);
    }

    public override async Task<CreateVolumeResponse> CreateVolume(CreateVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var source = request.VolumeContentSource;
        var command = new CreateVolumeCommand(
            request.Name,
            request.CapacityRange?.RequiredBytes ?? 0,
            request.CapacityRange?.LimitBytes ?? 0,
            [.. request.VolumeCapabilities.Select(WireVolumes.ToCapability)],
            request.Parameters,
            WireVolumes.Hostnames(request.AccessibilityRequirements?.Preferred ?? []),
            WireVolumes.Hostnames(request.AccessibilityRequirements?.Requisite ?? []),
            source?.TypeCase == VolumeContentSource.TypeOneofCase.Snapshot ? source.Snapshot.SnapshotId : null,
            source?.TypeCase == VolumeContentSource.TypeOneofCase.Volume ? source.Volume.VolumeId : null);
        var result = await mediator.Send(command, context.CancellationToken);
        return new CreateVolumeResponse { Volume = WireVolumes.ToVolume(result.Volume, result.CapacityBytes, result.Context, result.Hostname) };
    }

    public override async Task<DeleteVolumeResponse> DeleteVolume(DeleteVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await mediator.Send(new DeleteVolumeCommand(request.VolumeId), context.CancellationToken);
        return new DeleteVolumeResponse();
    }

    public override async Task<ControllerExpandVolumeResponse> ControllerExpandVolume(ControllerExpandVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var command = new ExpandVolumeCommand(
            request.VolumeId,
            request.CapacityRange?.RequiredBytes ?? 0,
            request.CapacityRange?.LimitBytes ?? 0,
            WireVolumes.ToCapabilityOrNull(request.VolumeCapability)?.AccessType);
        var result = await mediator.Send(command, context.CancellationToken);
        return new ControllerExpandVolumeResponse { CapacityBytes = result.CapacityBytes, NodeExpansionRequired = result.NodeExpansionRequired };
    }

    /// <summary>csi.md §5.4: unknown volume ⇒ NotFound; unsupported ⇒ no <c>confirmed</c>, a message.</summary>
    public override async Task<ValidateVolumeCapabilitiesResponse> ValidateVolumeCapabilities(ValidateVolumeCapabilitiesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(request.VolumeId))
            throw StorageException.InvalidArgument("volume_id is required");
        if (request.VolumeCapabilities.Count == 0)
            throw StorageException.InvalidArgument("volume_capabilities must list at least one capability");
        var capabilities = request.VolumeCapabilities.Select(WireVolumes.ToCapability).ToList();
        var volume = await mediator.Send(new GetVolumeQuery(request.VolumeId), context.CancellationToken);
        foreach (var capability in capabilities)
        {
            if (CapabilitySupport.Unsupported(capability, volume.Type) is { } why)
                return new ValidateVolumeCapabilitiesResponse { Message = why };
        }
        var confirmed = new ValidateVolumeCapabilitiesResponse.Types.Confirmed { VolumeCapabilities = { request.VolumeCapabilities } };
        confirmed.VolumeContext.Add(request.VolumeContext);
        confirmed.Parameters.Add(request.Parameters);
        return new ValidateVolumeCapabilitiesResponse { Confirmed = confirmed };
    }

    public override async Task<ListVolumesResponse> ListVolumes(ListVolumesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await mediator.Send(new ListVolumesQuery(request.MaxEntries, NullIfEmpty(request.StartingToken)), context.CancellationToken);
        var response = new ListVolumesResponse { NextToken = result.NextToken ?? string.Empty };
        foreach (var volume in result.Entries)
        {
            response.Entries.Add(new ListVolumesResponse.Types.Entry
            {
                Volume = WireVolumes.ToVolume(volume),
                Status = new ListVolumesResponse.Types.VolumeStatus { VolumeCondition = WireVolumes.ConditionOf(volume) },
            });
        }
        return response;
    }

    public override async Task<ControllerGetVolumeResponse> ControllerGetVolume(ControllerGetVolumeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var volume = await mediator.Send(new GetVolumeQuery(request.VolumeId), context.CancellationToken);
        return new ControllerGetVolumeResponse
        {
            Volume = WireVolumes.ToVolume(volume),
            Status = new ControllerGetVolumeResponse.Types.VolumeStatus { VolumeCondition = WireVolumes.ConditionOf(volume) },
        };
    }

    public override async Task<GetCapacityResponse> GetCapacity(GetCapacityRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var result = await mediator.Send(new GetCapacityQuery(request.Parameters, WireVolumes.Hostname(request.AccessibleTopology)), context.CancellationToken);
        return new GetCapacityResponse { AvailableCapacity = result.AvailableBytes, MaximumVolumeSize = result.MaximumVolumeSizeBytes };
    }

    public override async Task<CreateSnapshotResponse> CreateSnapshot(CreateSnapshotRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = await mediator.Send(
            new CreateSnapshotCommand(request.Name, request.SourceVolumeId, request.Parameters, request.Secrets.Count > 0),
            context.CancellationToken);
        return new CreateSnapshotResponse { Snapshot = WireVolumes.ToSnapshot(snapshot) };
    }

    public override async Task<DeleteSnapshotResponse> DeleteSnapshot(DeleteSnapshotRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        await mediator.Send(new DeleteSnapshotCommand(request.SnapshotId), context.CancellationToken);
        return new DeleteSnapshotResponse();
    }

    public override async Task<ListSnapshotsResponse> ListSnapshots(ListSnapshotsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var query = new ListSnapshotsQuery(
            NullIfEmpty(request.SnapshotId), NullIfEmpty(request.SourceVolumeId), request.MaxEntries, NullIfEmpty(request.StartingToken));
        var result = await mediator.Send(query, context.CancellationToken);
        var response = new ListSnapshotsResponse { NextToken = result.NextToken ?? string.Empty };
        foreach (var snapshot in result.Entries)
            response.Entries.Add(new ListSnapshotsResponse.Types.Entry { Snapshot = WireVolumes.ToSnapshot(snapshot) });
        return response;
    }

    // attachRequired: false (csi.md §5.7): the CO never needs these; say why instead of a bare "unimplemented".
    public override Task<ControllerPublishVolumeResponse> ControllerPublishVolume(ControllerPublishVolumeRequest request, ServerCallContext context) =>
        throw NotOffered("ControllerPublishVolume");

    public override Task<ControllerUnpublishVolumeResponse> ControllerUnpublishVolume(ControllerUnpublishVolumeRequest request, ServerCallContext context) =>
        throw NotOffered("ControllerUnpublishVolume");

    public override Task<ControllerModifyVolumeResponse> ControllerModifyVolume(ControllerModifyVolumeRequest request, ServerCallContext context) =>
        throw new StorageException(FailureKind.Unimplemented, "ControllerModifyVolume is not supported (MODIFY_VOLUME is not advertised)");

    private static StorageException NotOffered(string rpc) =>
        new(FailureKind.Unimplemented, $"{rpc} is not supported: local volumes need no attach step (CSIDriver attachRequired: false)");

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
