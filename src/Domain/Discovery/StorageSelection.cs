using OpenLocal.Domain.Filtering;

namespace OpenLocal.Domain.Discovery;

/// <summary>The result of applying <c>spec.listConfig</c>: the filtered names, bad patterns and devices held back for safety.</summary>
public sealed record StorageSelectionResult(
    ValueArray<string> VolumeGroups,
    ValueArray<string> MountPoints,
    ValueArray<string> Devices,
    IReadOnlyList<string> PatternErrors,
    IReadOnlyList<string> DevicesInUse)
{
    public FilterUpdateStatus UpdateStatus => PatternErrors.Count > 0 ? FilterUpdateStatus.Failed : FilterUpdateStatus.Accepted;

    public string Reason => string.Join("; ", PatternErrors);
}

/// <summary>
/// <c>filteredStorageInfo</c> (crds.md §1.4): each kind filtered separately with the whole-match
/// rule; a device that has partitions or holders, is a PV or is mounted is never selected
/// (node-agent.md §2 safety, known-defects G16) and is reported so the agent can emit DeviceInUse.
/// </summary>
public static class StorageSelection
{
    public static StorageSelectionResult Apply(
        ListConfig listConfig,
        IEnumerable<string> volumeGroups,
        IEnumerable<string> mountPoints,
        IEnumerable<string> devices,
        IReadOnlySet<string> unsafeDevices)
    {
        ArgumentNullException.ThrowIfNull(listConfig);
        ArgumentNullException.ThrowIfNull(unsafeDevices);
        var vgs = NameFilter.Apply(volumeGroups, listConfig.VolumeGroups.Include, listConfig.VolumeGroups.Exclude);
        var mps = NameFilter.Apply(mountPoints, listConfig.MountPoints.Include, listConfig.MountPoints.Exclude);
        var devs = NameFilter.Apply(devices, listConfig.Devices.Include, listConfig.Devices.Exclude);
        var errors = vgs.Errors.Select(e => "vgs: " + e)
            .Concat(mps.Errors.Select(e => "mountPoints: " + e))
            .Concat(devs.Errors.Select(e => "devices: " + e))
            .ToList();
        var inUse = devs.Selected.Where(unsafeDevices.Contains).ToList();
        return new StorageSelectionResult(
            vgs.Selected.ToValueArray(),
            mps.Selected.ToValueArray(),
            devs.Selected.Where(d => !unsafeDevices.Contains(d)).ToValueArray(),
            errors,
            inUse);
    }
}
