namespace OpenLocal.Application.Ports;

/// <summary>One volume group with its physical and logical volumes, from one lvm report.</summary>
public sealed record VolumeGroupInfo(
    string Name,
    long SizeBytes,
    long FreeBytes,
    long ExtentSizeBytes,
    IReadOnlyList<string> PhysicalVolumes,
    IReadOnlyList<LogicalVolumeInfo> LogicalVolumes,
    IReadOnlyList<string> Tags,
    bool Partial);

/// <summary>Volume-group discovery and initialisation (the agent's side of LVM).</summary>
public interface IVolumeGroups
{
    /// <summary>Every VG on the node with its PVs and LVs, read with a single lvm report.</summary>
    Task<IReadOnlyList<VolumeGroupInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>pvcreate + vgcreate. Refuses (FailedPrecondition) a device carrying a filesystem or partition-table signature unless <paramref name="force"/>.</summary>
    Task CreateAsync(string name, IReadOnlyList<string> devices, bool force, CancellationToken cancellationToken);

    /// <summary>Adds devices to an existing VG (vgextend) under the same signature rule.</summary>
    Task ExtendAsync(string name, IReadOnlyList<string> devices, bool force, CancellationToken cancellationToken);
}
