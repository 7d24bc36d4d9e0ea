using System.Globalization;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Lvm;

/// <summary>LV and snapshot lifecycle with lvm2 (csi.md §5, crds.md §7 tags). Every read is one fullreport of the VG.</summary>
public sealed class LvmLogicalVolumes(LvmCommands lvm) : ILogicalVolumes
{
    /// <summary>An LV with this tag is never removed (csi.md §5).</summary>
    public const string ProtectedTag = "protected";

    public async Task<LogicalVolumeInfo?> FindAsync(string volumeGroup, string name, CancellationToken cancellationToken)
    {
        LvmNames.ValidateVolumeGroup(volumeGroup);
        LvmNames.ValidateLogicalVolume(name);
        var group = await GroupAsync(volumeGroup, cancellationToken);
        return group?.LogicalVolumes.FirstOrDefault(lv => lv.Name == name);
    }

    public async Task<LogicalVolumeInfo> CreateAsync(LogicalVolumeSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        LvmNames.ValidateVolumeGroup(spec.VolumeGroup);
        LvmNames.ValidateLogicalVolume(spec.Name);
        LvmNames.ValidateTags(spec.Tags);
        if (spec.ThinPool is not null)
            LvmNames.ValidateLogicalVolume(spec.ThinPool);
        RequirePositive(spec.SizeBytes);

        var group = await GroupAsync(spec.VolumeGroup, cancellationToken)
            ?? throw StorageException.NotFound($"volume group {spec.VolumeGroup} not found on this node");
        var existing = group.LogicalVolumes.FirstOrDefault(lv => lv.Name == spec.Name);
        if (existing is not null)
            return Adopt(existing, spec.SizeBytes);

        var args = new List<string> { "-n", spec.Name };
        if (spec.ThinPool is not null)
        {
            args.AddRange(["-V", Bytes(spec.SizeBytes), "--thinpool", spec.ThinPool]);
        }
        else
        {
            args.AddRange(["-L", Bytes(spec.SizeBytes)]);
            // Striping spreads the LV over every PV of the VG (StorageClass lvmType: striping).
            if (spec.Layout == LvmLayout.Striping && group.PhysicalVolumes.Count > 1)
                args.AddRange(["-i", group.PhysicalVolumes.Count.ToString(CultureInfo.InvariantCulture)]);
        }
        foreach (var tag in spec.Tags)
            args.AddRange(["--addtag", tag]);
        args.AddRange(lvm.CreateSwitches(thin: spec.ThinPool is not null));
        args.Add(spec.VolumeGroup);
        await lvm.RunAsync("lvcreate", args, cancellationToken);
        return await RequireAsync(spec.VolumeGroup, spec.Name, cancellationToken);
    }

    public async Task<LogicalVolumeInfo> ExtendAsync(string volumeGroup, string name, long sizeBytes, CancellationToken cancellationToken)
    {
        RequirePositive(sizeBytes);
        var current = await FindAsync(volumeGroup, name, cancellationToken)
            ?? throw StorageException.NotFound($"logical volume {volumeGroup}/{name} not found");
        if (current.SizeBytes >= sizeBytes)
            return current;
        await lvm.RunAsync("lvextend", ["-L", Bytes(sizeBytes), $"{volumeGroup}/{name}"], cancellationToken);
        return await RequireAsync(volumeGroup, name, cancellationToken);
    }

    public async Task RemoveIfExistsAsync(string volumeGroup, string name, CancellationToken cancellationToken)
    {
        LvmNames.ValidateVolumeGroup(volumeGroup);
        LvmNames.ValidateLogicalVolume(name);
        var group = await GroupAsync(volumeGroup, cancellationToken);
        var lv = group?.LogicalVolumes.FirstOrDefault(l => l.Name == name);
        if (group is null || lv is null)
            return;
        if (lv.Tags.Contains(ProtectedTag))
            throw StorageException.FailedPrecondition($"logical volume {volumeGroup}/{name} is tagged \"{ProtectedTag}\" and is never removed; remove the tag (lvchange --deltag {ProtectedTag}) first");
        var dependants = group.LogicalVolumes.Where(l => l.Origin == name || l.Pool == name).Select(l => l.Name).ToList();
        if (dependants.Count > 0)
            throw StorageException.FailedPrecondition($"logical volume {volumeGroup}/{name} still has snapshots or thin volumes ({string.Join(", ", dependants)}); delete them first");

        try
        {
            await lvm.RunAsync("lvremove", ["-f", $"{volumeGroup}/{name}"], cancellationToken);
        }
        catch (StorageException ex) when (ex.Kind == FailureKind.NotFound)
        {
            // Removed concurrently between the report and lvremove: the goal is reached.
        }
    }

    public async Task<LogicalVolumeInfo> CreateSnapshotAsync(string volumeGroup, string origin, string snapshotName, long sizeBytes, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        LvmNames.ValidateVolumeGroup(volumeGroup);
        LvmNames.ValidateLogicalVolume(origin);
        LvmNames.ValidateLogicalVolume(snapshotName);
        ArgumentNullException.ThrowIfNull(tags);
        LvmNames.ValidateTags(tags);
        RequirePositive(sizeBytes);

        var group = await GroupAsync(volumeGroup, cancellationToken)
            ?? throw StorageException.NotFound($"volume group {volumeGroup} not found on this node");
        var source = group.LogicalVolumes.FirstOrDefault(lv => lv.Name == origin)
            ?? throw StorageException.NotFound($"logical volume {volumeGroup}/{origin} not found");
        var existing = group.LogicalVolumes.FirstOrDefault(lv => lv.Name == snapshotName);
        if (existing is not null)
        {
            if (existing.Origin != origin)
                throw StorageException.AlreadyExists($"logical volume {volumeGroup}/{snapshotName} exists and is not a snapshot of {origin}");
            return existing;
        }

        var args = new List<string> { "-s", "-n", snapshotName };
        // A thin origin gets a thin snapshot, which shares the pool and takes no size.
        if (source.Pool is null)
            args.AddRange(["-L", Bytes(sizeBytes)]);
        foreach (var tag in tags)
            args.AddRange(["--addtag", tag]);
        args.AddRange(["-y", $"{volumeGroup}/{origin}"]);
        await lvm.RunAsync("lvcreate", args, cancellationToken);
        return await RequireAsync(volumeGroup, snapshotName, cancellationToken);
    }

    private async Task<VolumeGroupInfo?> GroupAsync(string volumeGroup, CancellationToken cancellationToken) =>
        (await lvm.ReportAsync(volumeGroup, cancellationToken)).FirstOrDefault(g => g.Name == volumeGroup);

    private async Task<LogicalVolumeInfo> RequireAsync(string volumeGroup, string name, CancellationToken cancellationToken) =>
        await FindAsync(volumeGroup, name, cancellationToken)
        ?? throw StorageException.Internal($"lvm2 reported success but {volumeGroup}/{name} is not in its report");

    private static LogicalVolumeInfo Adopt(LogicalVolumeInfo existing, long sizeBytes)
    {
        // A retried create (agent restart, reconcile) finds the LV it made; it is adopted if big enough (crds.md §8).
        if (existing.SizeBytes >= sizeBytes)
            return existing;
        throw StorageException.AlreadyExists($"logical volume {existing.VolumeGroup}/{existing.Name} already exists with {existing.SizeBytes} bytes, smaller than the requested {sizeBytes}");
    }

    private static void RequirePositive(long sizeBytes)
    {
        if (sizeBytes <= 0)
            throw StorageException.InvalidArgument($"size must be positive, got {sizeBytes} bytes");
    }

    // lvm2 takes byte sizes only in whole 512-byte sectors; it rounds further up to the extent size itself.
    private static string Bytes(long sizeBytes) => ((sizeBytes + 511) / 512 * 512).ToString(CultureInfo.InvariantCulture) + "b";
}
