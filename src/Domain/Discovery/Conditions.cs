namespace OpenLocal.Domain.Discovery;

/// <summary>
/// Condition of every discovered object (node-agent.md §6). open-local only ever wrote DiskReady
/// (known-defects G5, G6); these are computed from what lvm2, sysfs and statfs report.
/// </summary>
public static class Conditions
{
    /// <summary>DiskFault when sysfs <c>device/state</c> exists and is not "running", or the size is 0.</summary>
    public static StorageCondition ForDevice(long sizeBytes, string? deviceState = null) =>
        sizeBytes <= 0 || (deviceState is not null && deviceState != "running") ? StorageCondition.DiskFault : StorageCondition.DiskReady;

    /// <summary>DiskFault when lvm reports the VG partial or a PV missing; DiskFull when nothing is left.</summary>
    public static StorageCondition ForVolumeGroup(bool partial, int missingPhysicalVolumes, long freeBytes, long allocatableBytes)
    {
        if (partial || missingPhysicalVolumes > 0)
            return StorageCondition.DiskFault;
        return freeBytes <= 0 || allocatableBytes <= 0 ? StorageCondition.DiskFull : StorageCondition.DiskReady;
    }

    /// <summary>
    /// From <c>lv_attr</c>: health (9th char) p/r/m/X or an invalid snapshot (5th char I) is a fault;
    /// a snapshot whose COW area is 100 % used is full.
    /// </summary>
    public static StorageCondition ForLogicalVolume(string attributes, double? dataPercent, bool isSnapshot)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.Length > 8 && attributes[8] is 'p' or 'r' or 'm' or 'X')
            return StorageCondition.DiskFault;
        if (attributes.Length > 4 && attributes[4] == 'I')
            return StorageCondition.DiskFault;
        return isSnapshot && dataPercent >= 100 ? StorageCondition.DiskFull : StorageCondition.DiskReady;
    }

    /// <summary>DiskFault when statfs failed, DiskFull when no space is available.</summary>
    public static StorageCondition ForMountPoint(bool statFailed, long availableBytes) =>
        statFailed ? StorageCondition.DiskFault : availableBytes <= 0 ? StorageCondition.DiskFull : StorageCondition.DiskReady;
}
