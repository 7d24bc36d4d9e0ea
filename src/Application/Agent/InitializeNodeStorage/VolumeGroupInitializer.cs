using System.Text.RegularExpressions;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Application.Agent.InitializeNodeStorage;

/// <summary>
/// VG initialisation (node-agent.md §4.1): a missing VG is created from its devices after a
/// read-only pre-flight; an existing VG is left alone unless <c>--allow-vg-extend</c>, in which
/// case clean listed devices are added. A device with a signature is never overwritten unless
/// <c>Force_Create_VG=true</c>; a mounted/held device or a PV of another VG never is.
/// </summary>
public sealed partial class VolumeGroupInitializer(
    IVolumeGroups volumeGroups,
    VolumeGroupReport report,
    IBlockDevices blockDevices,
    IFilesystems filesystems,
    IEventRecorder events,
    AgentSettings settings)
{
    [GeneratedRegex("^[A-Za-z0-9_+.][A-Za-z0-9_+.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VolumeGroupName();

    public async Task<(bool Changed, int Failures)> InitializeAsync(EventSubject subject, ValueArray<VolumeGroupToInit> wanted, CancellationToken cancellationToken)
    {
        if (wanted.IsEmpty)
            return (false, 0);
        var vgs = await report.ReadAsync(cancellationToken);
        var devices = await blockDevices.ListAsync(cancellationToken);
        var changed = false;
        var failures = 0;
        foreach (var vg in wanted)
        {
            var existing = vgs.FirstOrDefault(v => v.Name == vg.Name);
            var toAdd = existing is null ? [.. vg.Devices] : vg.Devices.Where(d => !existing.PhysicalVolumes.Contains(d)).ToList();
            if (existing is not null && (!settings.AllowVolumeGroupExtend || toAdd.Count == 0))
                continue;
            if (!VolumeGroupName().IsMatch(vg.Name))
            {
                await events.RecordAsync(subject, EventSeverity.Warning, "CreateVGFailed",
                    $"create vg {vg.Name} with device [{string.Join(' ', vg.Devices)}] failed: invalid VG name (allowed: letters, digits, _+.- and not starting with -)", cancellationToken);
                failures++;
                continue;
            }
            var refusal = await PreflightAsync(toAdd, vgs, devices, cancellationToken);
            if (refusal is not null)
            {
                await events.RecordAsync(subject, EventSeverity.Warning, "CreateVGSkipped", refusal, cancellationToken);
                failures++;
                continue;
            }
            try
            {
                if (existing is null)
                    await volumeGroups.CreateAsync(vg.Name, toAdd, settings.ForceCreateVolumeGroups, cancellationToken);
                else
                    await volumeGroups.ExtendAsync(vg.Name, toAdd, settings.ForceCreateVolumeGroups, cancellationToken);
                changed = true;
            }
            catch (StorageException ex)
            {
                var verb = existing is null ? "create" : "extend";
                var manual = existing is null ? $"vgcreate {vg.Name} {string.Join(' ', toAdd)} --force" : $"vgextend {vg.Name} {string.Join(' ', toAdd)}";
                await events.RecordAsync(subject, EventSeverity.Warning, "CreateVGFailed",
                    $"{verb} vg {vg.Name} with device [{string.Join(' ', toAdd)}] failed: {ex.Message}. you can try command \"{manual}\" manually on this node", cancellationToken);
                failures++;
            }
            finally
            {
                // Whatever lvm did, the next read must see it (mutations trigger a fresh report).
                report.MarkStale();
            }
        }
        return (changed, failures);
    }

    /// <summary>The reason to refuse the devices, or null when they may become PVs.</summary>
    private async Task<string?> PreflightAsync(
        IReadOnlyList<string> wanted, IReadOnlyList<VolumeGroupInfo> vgs, IReadOnlyList<BlockDeviceInfo> devices, CancellationToken cancellationToken)
    {
        foreach (var path in wanted)
        {
            var info = devices.FirstOrDefault(d => d.Path == path);
            if (info is null && !await blockDevices.IsBlockDeviceAsync(path, cancellationToken))
                return $"device {path} does not exist or is not a block device";
            var owner = vgs.FirstOrDefault(v => v.PhysicalVolumes.Contains(path));
            if (owner is not null)
                return $"device {path} is already a physical volume of VG {owner.Name}";
            if (info is not null && info.InUse)
                return $"device {path} is in use (mounted or held by another device); it is never overwritten";
            if (devices.Any(d => d.IsPartition && d.Parent is not null && (d.Parent == path || "/dev/" + d.Parent == path)))
                return $"device {path} has partitions; it is never overwritten";
            var signature = await filesystems.ProbeAsync(path, cancellationToken);
            if (signature is not null && !settings.ForceCreateVolumeGroups)
                return $"device {path} is not empty ({signature}) — set Force_Create_VG=true to overwrite";
        }
        return null;
    }
}
