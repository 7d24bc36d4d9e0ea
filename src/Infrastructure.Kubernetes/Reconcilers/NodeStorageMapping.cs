using k8s.Models;
using OpenLocal.Domain.Discovery;
using R = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>
/// Wire models (open-local's JSON, crds.md §1–§2) ↔ the Domain's NLS spec/status. Absent and empty
/// are the same on the way in (a null list entry counts as absent: issue 19 fuzzing found each one
/// throwing NullReferenceException); on the way out the blocks open-local always serialised
/// (<c>listConfig</c>, <c>resourceToBeInited</c>, <c>spdkConfig</c>) are always present.
/// </summary>
internal static class NodeStorageMapping
{
    public static StorageBlocks ToBlocks(R.ListConfig? list, R.ResourceToBeInited? init, R.SpdkConfig? spdk) => new(
        new ListConfig(ToSelection(list?.Vgs), ToSelection(list?.MountPoints), ToSelection(list?.Devices)),
        new ResourceToBeInited(
            (init?.Vgs ?? []).OfType<R.VolumeGroupToInit>().Select(v => new VolumeGroupToInit(v.Name, v.Devices.ToValueArray())).ToValueArray(),
            (init?.MountPoints ?? []).OfType<R.MountPointToInit>().Select(m => new MountPointToInit(m.Path, m.Device, m.FsType ?? string.Empty, m.Options.ToValueArray())).ToValueArray()),
        new SpdkConfig(spdk?.DeviceType ?? string.Empty, spdk?.RpcSocket ?? string.Empty));

    private static NameSelection ToSelection(R.NameFilterConfig? f) => new(f?.Include.ToValueArray() ?? default, f?.Exclude.ToValueArray() ?? default);

    public static NodeStorageSpec ToSpec(string name, R.NodeLocalStorageSpec? spec) =>
        new(string.IsNullOrEmpty(spec?.NodeName) ? name : spec.NodeName, ToBlocks(spec?.ListConfig, spec?.ResourceToBeInited, spec?.SpdkConfig));

    public static R.NodeLocalStorageSpec ToResource(NodeStorageSpec spec) => new()
    {
        NodeName = spec.NodeName,
        ListConfig = new R.ListConfig
        {
            Vgs = ToResource(spec.Blocks.ListConfig.VolumeGroups),
            MountPoints = ToResource(spec.Blocks.ListConfig.MountPoints),
            Devices = ToResource(spec.Blocks.ListConfig.Devices),
        },
        ResourceToBeInited = new R.ResourceToBeInited
        {
            Vgs = spec.Blocks.ResourceToBeInited.VolumeGroups.IsEmpty ? null
                : [.. spec.Blocks.ResourceToBeInited.VolumeGroups.Select(v => new R.VolumeGroupToInit { Name = v.Name, Devices = [.. v.Devices] })],
            MountPoints = spec.Blocks.ResourceToBeInited.MountPoints.IsEmpty ? null
                : [.. spec.Blocks.ResourceToBeInited.MountPoints.Select(m => new R.MountPointToInit
                {
                    Path = m.Path,
                    Device = m.Device,
                    FsType = string.IsNullOrEmpty(m.FsType) ? null : m.FsType,
                    Options = m.Options.IsEmpty ? null : [.. m.Options],
                })],
        },
        SpdkConfig = new R.SpdkConfig
        {
            DeviceType = string.IsNullOrEmpty(spec.Blocks.SpdkConfig.DeviceType) ? null : spec.Blocks.SpdkConfig.DeviceType,
            RpcSocket = string.IsNullOrEmpty(spec.Blocks.SpdkConfig.RpcSocket) ? null : spec.Blocks.SpdkConfig.RpcSocket,
        },
    };

    private static R.NameFilterConfig? ToResource(NameSelection s) =>
        s.Include.IsEmpty && s.Exclude.IsEmpty ? null : new R.NameFilterConfig
        {
            Include = s.Include.IsEmpty ? null : [.. s.Include],
            Exclude = s.Exclude.IsEmpty ? null : [.. s.Exclude],
        };

    public static NodeStorageInitConfig ToInitConfig(R.NodeLocalStorageInitConfigSpec? spec) => new(
        ToBlocks(spec?.GlobalConfig?.ListConfig, spec?.GlobalConfig?.ResourceToBeInited, spec?.GlobalConfig?.SpdkConfig),
        (spec?.NodesConfig ?? []).OfType<R.NodeConfig>().Select(n => new NodeOverride(ToSelector(n.Selector), ToBlocks(n.ListConfig, n.ResourceToBeInited, n.SpdkConfig))).ToValueArray());

    private static LabelSelector? ToSelector(V1LabelSelector? selector) => selector is null ? null : new LabelSelector(
        selector.MatchLabels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(selector.MatchLabels),
        (selector.MatchExpressions ?? []).OfType<V1LabelSelectorRequirement>().Select(e => new LabelRequirement(e.Key ?? string.Empty, e.OperatorProperty ?? string.Empty, e.Values.ToValueArray())).ToValueArray());

    public static NodeStorageStatus? ToStatus(R.NodeLocalStorageStatus? status)
    {
        if (status?.NodeStorageInfo is null && status?.FilteredStorageInfo is null)
            return null;
        var info = status.NodeStorageInfo;
        var filtered = status.FilteredStorageInfo;
        return new NodeStorageStatus(
            new NodeStorageInfo(
                (info?.DeviceInfo ?? []).OfType<R.DeviceInfo>().Select(d => new DeviceStatus(d.Name ?? string.Empty, d.MediaType ?? string.Empty, d.Total, d.ReadOnly, ParseCondition(d.Condition))).ToValueArray(),
                (info?.VolumeGroups ?? []).OfType<R.VolumeGroupInfo>().Select(v => new VolumeGroupStatus(
                    v.Name,
                    v.PhysicalVolumes.ToValueArray(),
                    (v.LogicalVolumes ?? []).OfType<R.LogicalVolumeInfo>().Select(l => new LogicalVolumeStatus(l.Name, l.VgName, l.Total, l.ReadOnly ?? false, ParseCondition(l.Condition))).ToValueArray(),
                    v.Total, v.Available, v.Allocatable, ParseCondition(v.Condition))).ToValueArray(),
                (info?.MountPoints ?? []).OfType<R.MountPointInfo>().Select(m => new MountPointStatus(
                    m.Name ?? string.Empty, m.Total, m.Available, m.FsType ?? string.Empty, m.IsBind, m.Options.ToValueArray(),
                    m.Device ?? string.Empty, m.ReadOnly, ParseCondition(m.Condition))).ToValueArray(),
                Enum.TryParse<NodeStoragePhase>(info?.Phase, out var phase) ? phase : null,
                info?.State is null ? null : new NodeState(
                    ParseCondition(info.State.Type), info.State.Status ?? string.Empty, info.State.Reason ?? string.Empty, info.State.Message ?? string.Empty,
                    ToOffset(info.State.LastHeartbeatTime), ToOffset(info.State.LastTransitionTime))),
            new FilteredStorage(
                filtered?.VolumeGroups.ToValueArray() ?? default,
                filtered?.MountPoints.ToValueArray() ?? default,
                filtered?.Devices.ToValueArray() ?? default,
                filtered?.UpdateStatusInfo is null ? null : new FilterUpdateInfo(
                    Enum.TryParse<FilterUpdateStatus>(filtered.UpdateStatusInfo.UpdateStatus, ignoreCase: true, out var u) ? u : FilterUpdateStatus.Pending,
                    filtered.UpdateStatusInfo.Reason ?? string.Empty,
                    ToOffset(filtered.UpdateStatusInfo.LastUpdateTime))));
    }

    public static R.NodeLocalStorageStatus ToResource(NodeStorageStatus status)
    {
        var info = status.Info;
        var f = status.Filtered;
        return new R.NodeLocalStorageStatus
        {
            NodeStorageInfo = new R.NodeStorageInfo
            {
                DeviceInfo = [.. info.Devices.Select(d => new R.DeviceInfo { Name = d.Name, MediaType = d.MediaType, Total = d.Total, ReadOnly = d.ReadOnly, Condition = d.Condition?.ToString() })],
                VolumeGroups = [.. info.VolumeGroups.Select(v => new R.VolumeGroupInfo
                {
                    Name = v.Name,
                    PhysicalVolumes = [.. v.PhysicalVolumes],
                    LogicalVolumes = [.. v.LogicalVolumes.Select(l => new R.LogicalVolumeInfo { Name = l.Name, VgName = l.VgName, Total = l.Total, ReadOnly = l.ReadOnly, Condition = l.Condition?.ToString() })],
                    Total = v.Total,
                    Available = v.Available,
                    Allocatable = v.Allocatable,
                    Condition = v.Condition?.ToString(),
                })],
                MountPoints = [.. info.MountPoints.Select(m => new R.MountPointInfo
                {
                    Name = m.Name,
                    Total = m.Total,
                    Available = m.Available,
                    FsType = m.FsType,
                    IsBind = m.IsBind,
                    Options = [.. m.Options],
                    Device = m.Device,
                    ReadOnly = m.ReadOnly,
                    Condition = m.Condition?.ToString(),
                })],
                Phase = info.Phase?.ToString(),
                State = info.State is null ? null : new R.StorageState
                {
                    Type = info.State.Type?.ToString(),
                    Status = info.State.Status,
                    Reason = info.State.Reason,
                    Message = info.State.Message,
                    LastHeartbeatTime = info.State.LastHeartbeatTime?.UtcDateTime,
                    LastTransitionTime = info.State.LastTransitionTime?.UtcDateTime,
                },
            },
            FilteredStorageInfo = new R.FilteredStorageInfo
            {
                VolumeGroups = [.. f.VolumeGroups],
                MountPoints = [.. f.MountPoints],
                Devices = [.. f.Devices],
                UpdateStatusInfo = f.UpdateStatus is null ? null : new R.UpdateStatusInfo
                {
                    // Lower case on the wire: pending | accepted | failed (crds.md §1.3).
                    UpdateStatus = f.UpdateStatus.Status switch
                    {
                        FilterUpdateStatus.Accepted => "accepted",
                        FilterUpdateStatus.Failed => "failed",
                        _ => "pending",
                    },
                    Reason = string.IsNullOrEmpty(f.UpdateStatus.Reason) ? null : f.UpdateStatus.Reason,
                    LastUpdateTime = f.UpdateStatus.LastUpdateTime?.UtcDateTime,
                },
            },
        };
    }

    private static StorageCondition? ParseCondition(string? value) => Enum.TryParse<StorageCondition>(value, out var c) ? c : null;

    private static DateTimeOffset? ToOffset(DateTime? value) =>
        value is null ? null : new DateTimeOffset(DateTime.SpecifyKind(value.Value, value.Value.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : value.Value.Kind).ToUniversalTime());
}
