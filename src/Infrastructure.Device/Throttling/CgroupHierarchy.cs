using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Device.Throttling;

public enum CgroupVersion
{
    V1,
    V2,
}

/// <summary>Which hierarchy holds the io controller and where (throttling.md §3).</summary>
public sealed record CgroupHierarchy(CgroupVersion Version, string ControllerDirectory)
{
    public static CgroupHierarchy Detect(string cgroupRoot)
    {
        // v1 and hybrid: the io controller is the blkio v1 hierarchy even when a unified mount exists beside it.
        var blkio = Path.Combine(cgroupRoot, "blkio");
        if (File.Exists(Path.Combine(blkio, BlkioV1Limits.ReadBps)))
            return new CgroupHierarchy(CgroupVersion.V1, blkio);
        if (File.Exists(Path.Combine(cgroupRoot, "cgroup.controllers")))
            return new CgroupHierarchy(CgroupVersion.V2, cgroupRoot);
        throw StorageException.FailedPrecondition(
            $"no blkio (cgroup v1) or cgroup2 hierarchy under {cgroupRoot}; mount the host's /sys at --path.sysfs");
    }
}
