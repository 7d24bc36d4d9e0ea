namespace OpenLocal.Domain.Discovery;

/// <summary>A discovered disk or partition (<c>deviceInfo[]</c>); <see cref="MediaType"/> is "ssd" or "hdd".</summary>
public sealed record DeviceStatus(string Name, string MediaType, long Total, bool ReadOnly, StorageCondition? Condition);

/// <summary>An LV as the NLS reports it; <c>vgname</c> is lower case on the wire.</summary>
public sealed record LogicalVolumeStatus(string Name, string VgName, long Total, bool ReadOnly, StorageCondition? Condition);

/// <summary>A VG with the bytes OpenLocal may hand out (<see cref="Allocatable"/>, node-agent.md §3.2).</summary>
public sealed record VolumeGroupStatus(
    string Name,
    ValueArray<string> PhysicalVolumes,
    ValueArray<LogicalVolumeStatus> LogicalVolumes,
    long Total,
    long Available,
    long Allocatable,
    StorageCondition? Condition);

/// <summary>A mount point directly under the agent's mount root (node-agent.md §3.3).</summary>
public sealed record MountPointStatus(
    string Name,
    long Total,
    long Available,
    string FsType,
    bool IsBind,
    ValueArray<string> Options,
    string Device,
    bool ReadOnly,
    StorageCondition? Condition);

/// <summary><c>nodeStorageInfo.state</c>: the worst condition of the schedulable parts with its cause.</summary>
public sealed record NodeState(
    StorageCondition? Type,
    string Status,
    string Reason,
    string Message,
    DateTimeOffset? LastHeartbeatTime,
    DateTimeOffset? LastTransitionTime);

/// <summary><c>nodeStorageInfo</c>: everything discovered on the node.</summary>
public sealed record NodeStorageInfo(
    ValueArray<DeviceStatus> Devices,
    ValueArray<VolumeGroupStatus> VolumeGroups,
    ValueArray<MountPointStatus> MountPoints,
    NodeStoragePhase? Phase,
    NodeState? State);

/// <summary><c>filteredStorageInfo.updateStatusInfo</c>.</summary>
public sealed record FilterUpdateInfo(FilterUpdateStatus Status, string Reason, DateTimeOffset? LastUpdateTime);

/// <summary><c>filteredStorageInfo</c>: the schedulable names selected by <c>spec.listConfig</c>.</summary>
public sealed record FilteredStorage(
    ValueArray<string> VolumeGroups,
    ValueArray<string> MountPoints,
    ValueArray<string> Devices,
    FilterUpdateInfo? UpdateStatus);

/// <summary>The NLS <c>status</c> the agent writes.</summary>
public sealed record NodeStorageStatus(NodeStorageInfo Info, FilteredStorage Filtered)
{
    public static NodeStorageStatus Empty { get; } = new(
        new NodeStorageInfo(default, default, default, null, null),
        new FilteredStorage(default, default, default, null));

    /// <summary>
    /// True when the two statuses differ in anything but the timestamps, comparing every list
    /// sorted by name (node-agent.md §5 step 5; open-local's random map order made it write every
    /// cycle, known-defects G2).
    /// </summary>
    public bool DiffersFrom(NodeStorageStatus? other) => other is null || Canonical() != other.Canonical();

    /// <summary>The same status with every list sorted ordinally and the timestamps cleared.</summary>
    public NodeStorageStatus Canonical()
    {
        var info = Info with
        {
            Devices = Info.Devices.Sorted(Comparer<DeviceStatus>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            VolumeGroups = Info.VolumeGroups
                .Select(vg => vg with
                {
                    PhysicalVolumes = vg.PhysicalVolumes.Sorted(StringComparer.Ordinal),
                    LogicalVolumes = vg.LogicalVolumes.Sorted(Comparer<LogicalVolumeStatus>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
                })
                .ToValueArray()
                .Sorted(Comparer<VolumeGroupStatus>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            MountPoints = Info.MountPoints
                .Select(mp => mp with { Options = mp.Options.Sorted(StringComparer.Ordinal) })
                .ToValueArray()
                .Sorted(Comparer<MountPointStatus>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            State = Info.State is null ? null : Info.State with { LastHeartbeatTime = null, LastTransitionTime = null },
        };
        var filtered = Filtered with
        {
            VolumeGroups = Filtered.VolumeGroups.Sorted(StringComparer.Ordinal),
            MountPoints = Filtered.MountPoints.Sorted(StringComparer.Ordinal),
            Devices = Filtered.Devices.Sorted(StringComparer.Ordinal),
            UpdateStatus = Filtered.UpdateStatus is null ? null : Filtered.UpdateStatus with { LastUpdateTime = null },
        };
        return new NodeStorageStatus(info, filtered);
    }
}
