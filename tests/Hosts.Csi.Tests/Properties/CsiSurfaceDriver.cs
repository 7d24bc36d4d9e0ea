using System.Globalization;
using Csi.V1;
using Grpc.Core;

namespace OpenLocal.Hosts.Csi.Tests.Properties;

/// <summary>
/// Sends generated calls to the sandboxed plugin and collects every broken property: an INTERNAL or
/// UNKNOWN answer (or one without a message) to an input error, a change in the sentinel tree, a ledger
/// that disagrees with what the plugin answered. Violations of one kind are counted, the first one kept.
/// </summary>
public sealed class CsiSurfaceDriver(SandboxedPlugin plugin, SentinelTree sentinel)
{
    public const long VolumeGroupBytes = 100L << 30;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly VolumeLedger _ledger = new();
    private readonly Dictionary<string, (string Example, int Count)> _violations = new(StringComparer.Ordinal);
    private string _fingerprint = sentinel.Fingerprint();

    private readonly Dictionary<(Rpc, string), int> _outcomes = [];

    public int Calls { get; private set; }

    /// <summary>Answers per RPC and status, printed so that a run shows the valid requests got through too.</summary>
    public string Outcomes => string.Join("\n", _outcomes.GroupBy(o => o.Key.Item1).OrderBy(g => g.Key)
        .Select(g => $"{g.Key}: {string.Join(", ", g.OrderByDescending(o => o.Value).Select(o => $"{o.Key.Item2} {o.Value}"))}"));

    public bool Unreachable { get; private set; }

    public IEnumerable<string> Violations => _violations.Select(v => $"[{v.Value.Count}×] {v.Key}: {v.Value.Example}");

    public async Task RunAsync(CsiCall call)
    {
        Calls++;
        var requests = new CsiRequests(plugin, sentinel, _ledger);
        try
        {
            await SendAsync(call, requests);
            Tally(call.Rpc, "OK");
            if (HostilePathOf(call) is var (field, kind))
                Violate($"{call.Rpc} answered OK to a hostile {field} path (issue 19 item 1: InvalidArgument)", call, null, $"({field} {kind})");
        }
        // The plugin answers Unavailable itself ("retry"); only a transport failure (DebugException) means gone.
        catch (RpcException ex) when (Count(call, ex) && ex.StatusCode is StatusCode.Unavailable && ex.Status.DebugException is not null)
        {
            Unreachable = true;
            Violate($"{call.Rpc} Unavailable: the plugin stopped answering", call, ex);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded)
        {
            Violate($"{call.Rpc} {ex.StatusCode} ({Classify(call)})", call, ex);
        }
        catch (RpcException ex) when (string.IsNullOrWhiteSpace(ex.Status.Detail))
        {
            Violate($"{call.Rpc} {ex.StatusCode} without a message", call, ex);
        }
        catch (RpcException)
        {
            // A precise refusal: what the property allows.
        }
        var now = sentinel.Fingerprint();
        if (now != _fingerprint)
        {
            Violate($"{call.Rpc} changed a file outside the plugin's directories", call, null, $"before:\n{_fingerprint}after:\n{now}");
            _fingerprint = now;
        }
    }

    /// <summary>ListVolumes agrees with the answers; the LVM volumes fit the VG; GetCapacity never shows more than is left.</summary>
    public async Task CheckLedgerAsync()
    {
        if (Unreachable)
            return;
        var listed = new Dictionary<string, long>(StringComparer.Ordinal);
        var token = string.Empty;
        do
        {
            var page = await plugin.Controller.ListVolumesAsync(new ListVolumesRequest { MaxEntries = 50, StartingToken = token }, deadline: Deadline());
            foreach (var entry in page.Entries)
                listed[entry.Volume.VolumeId] = entry.Volume.CapacityBytes;
            token = page.NextToken;
        }
        while (token.Length > 0);

        foreach (var (id, volume) in _ledger.Volumes)
        {
            if (!listed.TryGetValue(id, out var capacity))
                Violate("ledger: a created volume is missing from ListVolumes", null, null, $"{id} ({volume.CapacityBytes} bytes, {string.Join(",", volume.VolumeContext)})");
            else if (capacity != volume.CapacityBytes)
                Violate("ledger: ListVolumes reports another capacity than CreateVolume/ControllerExpandVolume", null, null, $"{id}: answered {volume.CapacityBytes}, listed {capacity} ({string.Join(",", volume.VolumeContext)})");
        }
        foreach (var id in listed.Keys.Where(id => !_ledger.Volumes.ContainsKey(id)))
            Violate("ledger: ListVolumes reports a volume that was never created or was deleted", null, null, id);

        var lvm = _ledger.LvmBytes();
        if (lvm > VolumeGroupBytes)
            Violate("ledger: LVM volumes exceed the VG", null, null, $"{lvm} > {VolumeGroupBytes}");
        var capacityAnswer = await plugin.Controller.GetCapacityAsync(new GetCapacityRequest { Parameters = { ["volumeType"] = "LVM", ["vgName"] = "open-local-pool-0" } }, deadline: Deadline());
        if (capacityAnswer.AvailableCapacity < 0 || capacityAnswer.AvailableCapacity + lvm > VolumeGroupBytes)
            Violate("ledger: GetCapacity shows more than the VG has left", null, null, $"available {capacityAnswer.AvailableCapacity} + allocated {lvm} > {VolumeGroupBytes}");
    }

    private async Task SendAsync(CsiCall call, CsiRequests r)
    {
        var controller = plugin.Controller;
        var node = plugin.Node;
        var id = r.VolumeId(call);
        switch (call.Rpc)
        {
            case Rpc.CreateVolume:
            {
                var request = new CreateVolumeRequest { Name = call.Name, CapacityRange = CsiRequests.Range(call), VolumeCapabilities = { r.Capabilities(call) } };
                CsiRequests.Fill(request.Parameters, call.Parameters);
                if (call.Snapshot.Known is not null && !call.KnownContext)
                    request.VolumeContentSource = new VolumeContentSource { Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = r.SnapshotId(call) } };
                var answer = await controller.CreateVolumeAsync(request, deadline: Deadline());
                if (_ledger.Created(call.Name, answer.Volume) is { } broken)
                    Violate("CreateVolume is not idempotent", call, null, broken);
                break;
            }
            case Rpc.DeleteVolume:
                await controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = id }, deadline: Deadline());
                _ledger.Deleted(id);
                break;
            case Rpc.ControllerExpandVolume:
            {
                var answer = await controller.ControllerExpandVolumeAsync(
                    new ControllerExpandVolumeRequest { VolumeId = id, CapacityRange = CsiRequests.Range(call), VolumeCapability = r.FirstCapability(call) }, deadline: Deadline());
                _ledger.Expanded(id, answer.CapacityBytes);
                break;
            }
            case Rpc.ValidateVolumeCapabilities:
            {
                var request = new ValidateVolumeCapabilitiesRequest { VolumeId = id, VolumeCapabilities = { r.Capabilities(call) } };
                CsiRequests.Fill(request.VolumeContext, r.Context(call));
                CsiRequests.Fill(request.Parameters, call.Parameters);
                await controller.ValidateVolumeCapabilitiesAsync(request, deadline: Deadline());
                break;
            }
            case Rpc.ControllerGetVolume:
                await controller.ControllerGetVolumeAsync(new ControllerGetVolumeRequest { VolumeId = id }, deadline: Deadline());
                break;
            case Rpc.GetCapacity:
            {
                var request = new GetCapacityRequest { VolumeCapabilities = { r.Capabilities(call) } };
                CsiRequests.Fill(request.Parameters, call.Parameters);
                await controller.GetCapacityAsync(request, deadline: Deadline());
                break;
            }
            case Rpc.ListVolumes:
                await controller.ListVolumesAsync(new ListVolumesRequest { MaxEntries = (int)(call.RequiredBytes % 7), StartingToken = call.Volume.Known is null ? call.Volume.Literal : string.Empty }, deadline: Deadline());
                break;
            case Rpc.CreateSnapshot:
            {
                var request = new CreateSnapshotRequest { SourceVolumeId = id, Name = call.Name };
                CsiRequests.Fill(request.Parameters, call.Parameters);
                var answer = await controller.CreateSnapshotAsync(request, deadline: Deadline());
                _ledger.SnapshotCreated(answer.Snapshot.SnapshotId);
                break;
            }
            case Rpc.DeleteSnapshot:
            {
                var snapshot = r.SnapshotId(call);
                await controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = snapshot }, deadline: Deadline());
                _ledger.SnapshotDeleted(snapshot);
                break;
            }
            case Rpc.NodeStageVolume:
            {
                var request = new NodeStageVolumeRequest { VolumeId = id, StagingTargetPath = r.PathOf(call.Staging), VolumeCapability = r.FirstCapability(call) };
                CsiRequests.Fill(request.VolumeContext, r.Context(call));
                await node.NodeStageVolumeAsync(request, deadline: Deadline());
                break;
            }
            case Rpc.NodeUnstageVolume:
                await node.NodeUnstageVolumeAsync(new NodeUnstageVolumeRequest { VolumeId = id, StagingTargetPath = r.PathOf(call.Staging) }, deadline: Deadline());
                break;
            case Rpc.NodePublishVolume:
            {
                var request = new NodePublishVolumeRequest
                {
                    VolumeId = id,
                    TargetPath = r.PathOf(call.Target),
                    StagingTargetPath = r.PathOf(call.Staging),
                    VolumeCapability = r.FirstCapability(call),
                    Readonly = call.ReadOnly,
                };
                CsiRequests.Fill(request.VolumeContext, r.Context(call));
                await node.NodePublishVolumeAsync(request, deadline: Deadline());
                break;
            }
            case Rpc.NodeUnpublishVolume:
                await node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = id, TargetPath = r.PathOf(call.Target) }, deadline: Deadline());
                break;
            case Rpc.NodeGetVolumeStats:
                await node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = id, VolumePath = r.PathOf(call.Target), StagingTargetPath = r.PathOf(call.Staging) }, deadline: Deadline());
                break;
            case Rpc.NodeExpandVolume:
                await node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest
                {
                    VolumeId = id,
                    VolumePath = r.PathOf(call.Target),
                    CapacityRange = CsiRequests.Range(call),
                    VolumeCapability = r.FirstCapability(call),
                }, deadline: Deadline());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(call));
        }
    }

    /// <summary>Which path of the call issue 19 item 1 says must be refused, if any.</summary>
    private static (string Field, PathKind Kind)? HostilePathOf(CsiCall call)
    {
        static bool Hostile(PathChoice path) => path.Kind is not (PathKind.PodMount or PathKind.PodBlock or PathKind.Staging);
        var takesTarget = call.Rpc is Rpc.NodePublishVolume or Rpc.NodeUnpublishVolume or Rpc.NodeGetVolumeStats or Rpc.NodeExpandVolume;
        if (takesTarget && Hostile(call.Target))
            return ("target", call.Target.Kind);
        // staging_target_path is optional on NodePublishVolume and NodeGetVolumeStats: empty is no path.
        var optional = call.Rpc is Rpc.NodePublishVolume or Rpc.NodeGetVolumeStats;
        if (call.Rpc is Rpc.NodeStageVolume or Rpc.NodeUnstageVolume or Rpc.NodePublishVolume or Rpc.NodeGetVolumeStats
            && Hostile(call.Staging) && !(optional && call.Staging.Kind == PathKind.Empty))
            return ("staging", call.Staging.Kind);
        return null;
    }

    /// <summary>The one trait that made the input hostile, so that a report shows each distinct failure once.</summary>
    private static string Classify(CsiCall call)
    {
        static bool Hostile(PathChoice path) => path.Kind is not (PathKind.PodMount or PathKind.PodBlock or PathKind.Staging);
        var literal = call.Rpc is Rpc.DeleteSnapshot ? call.Snapshot : call.Volume;
        if (literal.Known is null && literal.Literal.Length > 150)
            return "id longer than 150 bytes";
        if (literal.Known is null && literal.Literal.Contains('\0', StringComparison.Ordinal))
            return "id with NUL";
        var takesTarget = call.Rpc is Rpc.NodePublishVolume or Rpc.NodeUnpublishVolume or Rpc.NodeGetVolumeStats or Rpc.NodeExpandVolume;
        if (takesTarget && Hostile(call.Target))
            return "target " + call.Target.Kind;
        if (call.Rpc is Rpc.NodeStageVolume or Rpc.NodeUnstageVolume && Hostile(call.Staging))
            return "staging " + call.Staging.Kind;
        return literal.Known is null ? "unknown id" : "known id";
    }

    private void Violate(string kind, CsiCall? call, RpcException? ex, string? detail = null)
    {
        var example = string.Create(CultureInfo.InvariantCulture,
            $"call #{Calls} {call}{(ex is null ? string.Empty : $" → {ex.StatusCode} \"{CsiPrint.Detail(ex.Status.Detail)}\"")}{(detail is null ? string.Empty : " " + detail)}");
        _violations[kind] = _violations.TryGetValue(kind, out var seen) ? (seen.Example, seen.Count + 1) : (example, 1);
    }

    /// <summary>Counts the answer; always true, so that it can run first in the exception filters.</summary>
    private bool Count(CsiCall call, RpcException ex)
    {
        Tally(call.Rpc, ex.StatusCode.ToString());
        return true;
    }

    private void Tally(Rpc rpc, string outcome) => _outcomes[(rpc, outcome)] = _outcomes.GetValueOrDefault((rpc, outcome)) + 1;

    private static DateTime Deadline() => DateTime.UtcNow.Add(CallTimeout);
}
