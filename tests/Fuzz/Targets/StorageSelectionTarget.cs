using OpenLocal.Domain.Discovery;

namespace OpenLocal.Fuzz.Targets;

/// <summary>The agent's selection (crds.md §1.4) over a typical node's names: bad patterns become errors, never exceptions.</summary>
internal static class StorageSelectionTarget
{
    private static readonly string[] VolumeGroups = ["open-local-pool-0", "share", "vg0"];
    private static readonly string[] MountPoints = ["/mnt/disks/a", "/mnt/open-local/b"];
    private static readonly string[] Devices = ["/dev/sdb", "/dev/sdc", "/dev/nvme0n1"];
    private static readonly HashSet<string> Unsafe = new(["/dev/sdc"], StringComparer.Ordinal);

    public static void Select(ListConfig listConfig)
    {
        var result = StorageSelection.Apply(listConfig, VolumeGroups, MountPoints, Devices, Unsafe);
        if (result.Devices.Contains("/dev/sdc"))
            throw new ContractViolation("a device in use was selected");
    }
}
