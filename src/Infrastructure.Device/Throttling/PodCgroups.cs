namespace OpenLocal.Infrastructure.Device.Throttling;

/// <summary>
/// Finds a pod's cgroup directory by UID (throttling.md §4): the kubelet layouts for both cgroup
/// drivers and all QoS classes, the configured driver first, then a bounded breadth-first search for
/// non-default <c>--cgroup-root</c> setups. Trying every QoS class makes a pod lookup unnecessary: a UID
/// names exactly one pod directory.
/// </summary>
public static class PodCgroups
{
    private const int MaxSearchDepth = 4;

    public static IReadOnlyList<string> Candidates(string podUid, CgroupDriver preferred)
    {
        var underscored = podUid.Replace('-', '_');
        string[] systemd =
        [
            $"kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{underscored}.slice",
            $"kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{underscored}.slice",
            $"kubepods.slice/kubepods-pod{underscored}.slice",
        ];
        string[] cgroupfs =
        [
            $"kubepods/besteffort/pod{podUid}",
            $"kubepods/burstable/pod{podUid}",
            $"kubepods/pod{podUid}",
        ];
        return preferred == CgroupDriver.Systemd ? [.. systemd, .. cgroupfs] : [.. cgroupfs, .. systemd];
    }

    /// <summary>The pod's cgroup directory under the controller directory, or null when it does not exist (yet).</summary>
    public static string? Find(string controllerDirectory, string podUid, CgroupDriver preferred)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(podUid);
        foreach (var candidate in Candidates(podUid, preferred))
        {
            var path = Path.Combine(controllerDirectory, candidate);
            if (Directory.Exists(path))
                return path;
        }
        return Search(controllerDirectory, $"pod{podUid}", $"pod{podUid.Replace('-', '_')}.slice");
    }

    private static string? Search(string root, string cgroupfsName, string systemdSuffix)
    {
        var level = new List<string> { root };
        for (var depth = 0; depth < MaxSearchDepth && level.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var dir in level)
            {
                IEnumerable<string> children;
                try
                {
                    children = Directory.EnumerateDirectories(dir);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue; // a cgroup removed while we walk
                }
                foreach (var child in children.Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(child);
                    if (name == cgroupfsName || name.EndsWith(systemdSuffix, StringComparison.Ordinal))
                        return child;
                    next.Add(child);
                }
            }
            level = next;
        }
        return null;
    }
}
