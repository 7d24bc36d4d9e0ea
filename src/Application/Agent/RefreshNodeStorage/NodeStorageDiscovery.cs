using System.Text.RegularExpressions;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Agent.RefreshNodeStorage;

/// <summary>A Warning event the cycle wants recorded on the NLS.</summary>
public sealed record DiscoveryWarning(string Reason, string Message);

/// <summary>One cycle's discovery: the status to publish and the warnings found on the way.</summary>
public sealed record DiscoveryResult(NodeStorageStatus Status, IReadOnlyList<DiscoveryWarning> Warnings);

/// <summary>
/// Reads devices (sysfs), VGs (one lvm report) and mount points under the mount root and turns them
/// into the NLS status (node-agent.md §2–§6). A failing source keeps its last reported section and
/// faults the node state; it never aborts the other sources.
/// </summary>
public sealed class NodeStorageDiscovery(
    IBlockDevices blockDevices,
    VolumeGroupReport volumeGroupReport,
    IMounts mounts,
    IFilesystems filesystems,
    AgentSettings settings,
    TimeProvider clock)
{
    private readonly Regex _deviceName = new(settings.DeviceNamePattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    public async Task<DiscoveryResult> DiscoverAsync(NodeLocalStorageRecord nls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nls);
        var previous = nls.Status ?? NodeStorageStatus.Empty;
        var warnings = new List<DiscoveryWarning>();
        var sourceProblems = new List<StorageProblem>();
        var anySourceSucceeded = false;

        IReadOnlyList<BlockDeviceInfo>? allDevices = null, devices = null;
        try
        {
            allDevices = await blockDevices.ListAsync(cancellationToken);
            devices = Selectable(allDevices);
            anySourceSucceeded = true;
        }
        catch (StorageException ex)
        {
            sourceProblems.Add(new StorageProblem(StorageCondition.DiskFault, "DeviceFault", $"device discovery failed: {ex.Message}"));
        }

        IReadOnlyList<VolumeGroupInfo>? vgs = null;
        try
        {
            vgs = await volumeGroupReport.ReadAsync(cancellationToken);
            anySourceSucceeded = true;
        }
        catch (StorageException ex)
        {
            sourceProblems.Add(new StorageProblem(StorageCondition.DiskFault, "VolumeGroupFault", $"lvm report failed: {ex.Message}"));
        }
        finally
        {
            // Next cycle starts from a fresh report (one report per cycle).
            volumeGroupReport.MarkStale();
        }

        ValueArray<MountPointStatus>? mountPoints = null;
        try
        {
            mountPoints = await DiscoverMountPointsAsync(cancellationToken);
            anySourceSucceeded = true;
        }
        catch (StorageException ex)
        {
            sourceProblems.Add(new StorageProblem(StorageCondition.DiskFault, "MountPointFault", $"mount discovery failed: {ex.Message}"));
        }

        var reservations = StorageReservations.Parse(nls.Annotations.GetValueOrDefault(StorageReservations.AnnotationKey));
        foreach (var error in reservations.Errors)
            warnings.Add(new DiscoveryWarning("InvalidStorageReserved", error));

        var deviceStatuses = devices is null ? previous.Info.Devices : devices.Select(ToStatus).ToValueArray();
        var vgStatuses = vgs is null ? previous.Info.VolumeGroups : vgs.Select(vg => ToStatus(vg, reservations)).ToValueArray();
        var mountStatuses = mountPoints ?? previous.Info.MountPoints;

        var unsafeDevices = allDevices is null ? new HashSet<string>(StringComparer.Ordinal) : UnsafeDevices(allDevices, vgs ?? []);
        var selection = StorageSelection.Apply(
            nls.Spec.Blocks.ListConfig,
            vgStatuses.Select(v => v.Name),
            mountStatuses.Select(m => m.Name),
            deviceStatuses.Select(d => d.Name),
            unsafeDevices);
        if (selection.PatternErrors.Count > 0)
            warnings.Add(new DiscoveryWarning("InvalidListConfig", "spec.listConfig: " + selection.Reason));
        foreach (var device in selection.DevicesInUse)
        {
            warnings.Add(new DiscoveryWarning("DeviceInUse",
                $"device {device} is selected by spec.listConfig.devices but has partitions, holders, a mount or is an LVM PV; it is not offered for exclusive volumes"));
        }

        var problems = Problems(selection, vgStatuses, deviceStatuses, mountStatuses, nls.Spec.Blocks.ResourceToBeInited, vgs, allDevices);
        problems.AddRange(sourceProblems);

        var now = clock.GetUtcNow();
        var phase = anySourceSucceeded || previous.Info.Phase == NodeStoragePhase.Running ? NodeStoragePhase.Running : NodeStoragePhase.Pending;
        var info = new NodeStorageInfo(
            deviceStatuses.Sorted(Comparer<DeviceStatus>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            vgStatuses.Sorted(Comparer<VolumeGroupStatus>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            mountStatuses.Sorted(Comparer<MountPointStatus>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            phase,
            NodeStateSummary.Next(previous.Info.State, problems, now));
        var filtered = new FilteredStorage(
            selection.VolumeGroups,
            selection.MountPoints,
            selection.Devices,
            new FilterUpdateInfo(selection.UpdateStatus, selection.Reason, now));
        return new DiscoveryResult(new NodeStorageStatus(info, filtered), warnings);
    }

    /// <summary>Disks whose name matches <c>--regexp</c>, with their partitions (node-agent.md §2).</summary>
    private List<BlockDeviceInfo> Selectable(IReadOnlyList<BlockDeviceInfo> all) =>
        [.. all.Where(d => _deviceName.IsMatch(BaseName(d.IsPartition && d.Parent is not null ? d.Parent : d.Path)))];

    private static string BaseName(string pathOrName) => pathOrName[(pathOrName.LastIndexOf('/') + 1)..];

    private static DeviceStatus ToStatus(BlockDeviceInfo d) =>
        new(d.Path, d.MediaType == MediaType.Hdd ? "hdd" : "ssd", d.SizeBytes, d.ReadOnly, Conditions.ForDevice(d.SizeBytes));

    private VolumeGroupStatus ToStatus(VolumeGroupInfo vg, StorageReservations reservations)
    {
        long foreign = 0;
        var lvs = new List<LogicalVolumeStatus>(vg.LogicalVolumes.Count);
        foreach (var lv in vg.LogicalVolumes)
        {
            if (!settings.Ownership.IsOurs(lv.Name, lv.Tags, lv.Origin))
                foreign += lv.SizeBytes;
            var readOnly = lv.Attributes.Length > 1 && lv.Attributes[1] == 'r';
            lvs.Add(new LogicalVolumeStatus(lv.Name, vg.Name, lv.SizeBytes, readOnly,
                Conditions.ForLogicalVolume(lv.Attributes, lv.DataPercent, lv.IsSnapshot)));
        }
        var allocatable = Allocatable.Compute(vg.SizeBytes, foreign, reservations.ReservedBytes(vg.Name, vg.SizeBytes));
        return new VolumeGroupStatus(
            vg.Name,
            vg.PhysicalVolumes.Order(StringComparer.Ordinal).ToValueArray(),
            lvs.OrderBy(l => l.Name, StringComparer.Ordinal).ToValueArray(),
            vg.SizeBytes,
            vg.FreeBytes,
            allocatable,
            Conditions.ForVolumeGroup(vg.Partial, 0, vg.FreeBytes, allocatable));
    }

    private async Task<ValueArray<MountPointStatus>> DiscoverMountPointsAsync(CancellationToken cancellationToken)
    {
        var result = new List<MountPointStatus>();
        foreach (var m in await mounts.ListUnderAsync(settings.MountRoot, cancellationToken))
        {
            long total = 0, available = 0;
            var statFailed = false;
            try
            {
                var stats = await filesystems.GetStatsAsync(m.Target, cancellationToken);
                (total, available) = (stats.TotalBytes, stats.AvailableBytes);
            }
            catch (StorageException)
            {
                statFailed = true;
            }
            var options = m.Options.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToValueArray();
            result.Add(new MountPointStatus(m.Target, total, available, m.FsType, m.IsBind, options, m.Source,
                options.Contains("ro"), Conditions.ForMountPoint(statFailed, available)));
        }
        return result.ToValueArray();
    }

    /// <summary>Devices never offered whole: partitioned, held, mounted or LVM PVs (node-agent.md §2 safety).</summary>
    private static HashSet<string> UnsafeDevices(IReadOnlyList<BlockDeviceInfo> devices, IReadOnlyList<VolumeGroupInfo> vgs)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in devices)
        {
            if (d.InUse)
                result.Add(d.Path);
            if (d.IsPartition && d.Parent is not null)
                result.Add(d.Parent.StartsWith('/') ? d.Parent : "/dev/" + d.Parent);
        }
        foreach (var vg in vgs)
            result.UnionWith(vg.PhysicalVolumes);
        return result;
    }

    private static List<StorageProblem> Problems(
        StorageSelectionResult selection,
        ValueArray<VolumeGroupStatus> vgs,
        ValueArray<DeviceStatus> devices,
        ValueArray<MountPointStatus> mountPoints,
        ResourceToBeInited toInit,
        IReadOnlyList<VolumeGroupInfo>? reportedVgs,
        IReadOnlyList<BlockDeviceInfo>? reportedDevices)
    {
        var problems = new List<StorageProblem>();
        foreach (var vg in vgs.Where(v => selection.VolumeGroups.Contains(v.Name)))
        {
            if (vg.Condition == StorageCondition.DiskFault)
                problems.Add(new(StorageCondition.DiskFault, "VolumeGroupFault", $"vg {vg.Name}: lvm reports it partial (a PV is missing)"));
            else if (vg.Condition == StorageCondition.DiskFull)
                problems.Add(new(StorageCondition.DiskFull, "VolumeGroupFull", $"vg {vg.Name}: no allocatable space left (free {vg.Available}, allocatable {vg.Allocatable})"));
        }
        // A VG or device the spec asks for that is not there is a fault (issue 6: "a listed device or VG is missing").
        if (reportedVgs is not null)
        {
            foreach (var wanted in toInit.VolumeGroups.Where(w => reportedVgs.All(v => v.Name != w.Name)))
                problems.Add(new(StorageCondition.DiskFault, "VolumeGroupFault", $"vg {wanted.Name}: listed in spec.resourceToBeInited but not found"));
        }
        foreach (var d in devices.Where(d => selection.Devices.Contains(d.Name) && d.Condition == StorageCondition.DiskFault))
            problems.Add(new(StorageCondition.DiskFault, "DeviceFault", $"device {d.Name}: size 0 or not running"));
        if (reportedDevices is not null)
        {
            var wantedDevices = toInit.VolumeGroups.SelectMany(v => v.Devices).Concat(toInit.MountPoints.Select(m => m.Device)).Distinct(StringComparer.Ordinal);
            foreach (var wanted in wantedDevices.Where(w => reportedDevices.All(d => d.Path != w)))
                problems.Add(new(StorageCondition.DiskFault, "DeviceFault", $"device {wanted}: listed in spec.resourceToBeInited but not found"));
        }
        foreach (var mp in mountPoints.Where(m => selection.MountPoints.Contains(m.Name)))
        {
            if (mp.Condition == StorageCondition.DiskFault)
                problems.Add(new(StorageCondition.DiskFault, "MountPointFault", $"mount point {mp.Name}: statfs failed"));
            else if (mp.Condition == StorageCondition.DiskFull)
                problems.Add(new(StorageCondition.DiskFull, "MountPointFull", $"mount point {mp.Name}: no space available"));
        }
        return problems;
    }
}
