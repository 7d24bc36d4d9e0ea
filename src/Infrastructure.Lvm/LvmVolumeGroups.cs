using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Lvm;

/// <summary>VG discovery (one fullreport) and initialisation from devices (node-agent.md §4).</summary>
public sealed class LvmVolumeGroups(LvmCommands lvm, DeviceSignatures signatures) : IVolumeGroups
{
    public Task<IReadOnlyList<VolumeGroupInfo>> ListAsync(CancellationToken cancellationToken) =>
        lvm.ReportAsync(null, cancellationToken);

    public async Task CreateAsync(string name, IReadOnlyList<string> devices, bool force, CancellationToken cancellationToken)
    {
        LvmNames.ValidateVolumeGroup(name);
        var wanted = Canonical(devices);
        var existing = (await lvm.ReportAsync(name, cancellationToken)).FirstOrDefault(g => g.Name == name);
        if (existing is not null)
        {
            // Idempotent: a retried initialisation finds its own VG.
            if (wanted.All(existing.PhysicalVolumes.Contains))
                return;
            throw StorageException.AlreadyExists(
                $"volume group {name} already exists on {string.Join(", ", existing.PhysicalVolumes)}; add devices to it with vgextend instead of creating it");
        }
        await InitialiseAsync(wanted, force, cancellationToken);
        await lvm.RunAsync("vgcreate", [name, .. wanted], cancellationToken);
    }

    public async Task ExtendAsync(string name, IReadOnlyList<string> devices, bool force, CancellationToken cancellationToken)
    {
        LvmNames.ValidateVolumeGroup(name);
        var wanted = Canonical(devices);
        // Checked first: vgextend would pvcreate the devices before noticing that the VG is missing.
        var existing = (await lvm.ReportAsync(name, cancellationToken)).FirstOrDefault(g => g.Name == name)
            ?? throw StorageException.NotFound($"volume group {name} not found on this node");
        var added = wanted.Where(d => !existing.PhysicalVolumes.Contains(d)).ToList();
        if (added.Count == 0)
            return;
        await InitialiseAsync(added, force, cancellationToken);
        await lvm.RunAsync("vgextend", [name, .. added], cancellationToken);
    }

    /// <summary>pvcreate for the devices that are not PVs yet, after refusing any that carries another signature.</summary>
    private async Task InitialiseAsync(IReadOnlyList<string> devices, bool force, CancellationToken cancellationToken)
    {
        var blank = new List<string>();
        foreach (var device in devices)
        {
            var found = await signatures.ProbeAsync(device, cancellationToken);
            if (found.Contains(DeviceSignatures.LvmPhysicalVolume))
                continue;
            if (found.Count > 0 && !force)
            {
                throw StorageException.FailedPrecondition(
                    $"device {device} carries a {string.Join("/", found)} signature; OpenLocal does not overwrite data: wipe it (wipefs -a {device}) or initialise with force");
            }
            blank.Add(device);
        }
        if (blank.Count == 0)
            return;
        // -y answers pvcreate's "wipe signature?" prompt; without force the probe above has already refused.
        await lvm.RunAsync("pvcreate", force ? ["-y", .. blank] : blank, cancellationToken);
    }

    private static List<string> Canonical(IReadOnlyList<string> devices)
    {
        if (devices is null || devices.Count == 0)
            throw StorageException.InvalidArgument("at least one device is needed to create or extend a volume group");
        var result = new List<string>();
        foreach (var device in devices)
        {
            if (string.IsNullOrWhiteSpace(device) || !device.StartsWith('/'))
                throw StorageException.InvalidArgument($"device \"{device}\" must be an absolute path such as /dev/sdb");
            // lvm2 reports PVs by their /dev/<kernel name>; /dev/disk/by-id links must compare equal.
            var target = File.ResolveLinkTarget(device, returnFinalTarget: true)?.FullName ?? device;
            if (!result.Contains(target))
                result.Add(target);
        }
        return result;
    }
}
