using Csi.V1;
using Google.Protobuf.WellKnownTypes;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using AppAccessMode = OpenLocal.Application.Volumes.AccessMode;
using AppCapability = OpenLocal.Application.Volumes.VolumeCapability;
using AppAccessType = OpenLocal.Domain.Volumes.AccessType;

namespace OpenLocal.Hosts.Csi.Wire;

/// <summary>Translation between csi.v1 messages and the Application's request/response types.</summary>
public static class WireVolumes
{
    public static AppCapability ToCapability(VolumeCapability capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        var mode = (AppAccessMode)(int)(capability.AccessMode?.Mode ?? VolumeCapability.Types.AccessMode.Types.Mode.Unknown);
        if (!System.Enum.IsDefined(mode))
            mode = AppAccessMode.Unknown;
        return capability.AccessTypeCase switch
        {
            VolumeCapability.AccessTypeOneofCase.Block => new AppCapability(AppAccessType.Block, null, [], mode),
            VolumeCapability.AccessTypeOneofCase.Mount => new AppCapability(
                AppAccessType.Mount,
                string.IsNullOrEmpty(capability.Mount.FsType) ? null : capability.Mount.FsType,
                [.. capability.Mount.MountFlags],
                mode),
            _ => throw StorageException.InvalidArgument("volume_capability must set an access type (mount or block)"),
        };
    }

    public static AppCapability? ToCapabilityOrNull(VolumeCapability? capability) => capability is null ? null : ToCapability(capability);

    public static string? Hostname(Topology? topology) =>
        topology is not null && topology.Segments.TryGetValue(CsiPluginOptions.TopologyKey, out var value) && value.Length > 0 ? value : null;

    public static List<string> Hostnames(IEnumerable<Topology> topologies)
    {
        var result = new List<string>();
        foreach (var t in topologies)
        {
            if (Hostname(t) is { } h)
                result.Add(h);
        }
        return result;
    }

    public static Topology TopologyOf(string hostname) => new() { Segments = { [CsiPluginOptions.TopologyKey] = hostname } };

    public static Volume ToVolume(LocalVolume volume, long capacityBytes, IReadOnlyDictionary<string, string> context, string hostname)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var wire = new Volume
        {
            VolumeId = volume.Id,
            CapacityBytes = capacityBytes,
            AccessibleTopology = { TopologyOf(hostname) },
        };
        foreach (var (key, value) in context)
            wire.VolumeContext[key] = value;
        if (volume.Source is { } source)
        {
            wire.ContentSource = new VolumeContentSource
            {
                Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = source.SnapshotId },
            };
        }
        return wire;
    }

    /// <summary>A recorded volume as ListVolumes/ControllerGetVolume report it (csi.md §5.6).</summary>
    public static Volume ToVolume(LocalVolume volume) =>
        ToVolume(volume, Application.Volumes.ReportedCapacity.Of(volume), volume.Context, volume.NodeName);

    public static VolumeCondition ConditionOf(LocalVolume volume) => volume.Phase == VolumePhase.Failed
        ? new VolumeCondition { Abnormal = true, Message = volume.FailureMessage ?? "volume failed" }
        : new VolumeCondition { Abnormal = false, Message = "volume is healthy" };

    public static global::Csi.V1.Snapshot ToSnapshot(OpenLocal.Domain.Snapshots.Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new global::Csi.V1.Snapshot
        {
            SnapshotId = snapshot.Id,
            SourceVolumeId = snapshot.SourceVolumeId,
            SizeBytes = snapshot.RestoreSizeBytes,
            CreationTime = Timestamp.FromDateTimeOffset(snapshot.CreatedAt),
            ReadyToUse = snapshot.Phase == VolumePhase.Ready,
        };
    }
}
