using System.Globalization;

namespace OpenLocal.Vm.Driver.Node;

/// <summary>
/// The cgroup v2 layout kubelet's systemd driver creates for a BestEffort pod (throttling.md §4), with
/// the io controller enabled down to the pod, and one container cgroup under it where the workload runs.
/// </summary>
internal sealed class PodCgroup
{
    private const string Root = "/sys/fs/cgroup";
    private readonly string[] created;

    private PodCgroup(string podDirectory, string containerDirectory, string[] created)
    {
        PodDirectory = podDirectory;
        ContainerDirectory = containerDirectory;
        this.created = created;
    }

    public string PodDirectory { get; }

    public string ContainerDirectory { get; }

    public static PodCgroup Create(string podUid)
    {
        var underscored = podUid.Replace('-', '_');
        var kubepods = System.IO.Path.Combine(Root, "kubepods.slice");
        var qos = System.IO.Path.Combine(kubepods, "kubepods-besteffort.slice");
        var pod = System.IO.Path.Combine(qos, $"kubepods-besteffort-pod{underscored}.slice");
        var container = System.IO.Path.Combine(pod, "cri-containerd-vm.scope");
        string[] chain = [kubepods, qos, pod, container];
        EnableIo(Root);
        foreach (var directory in chain)
        {
            Directory.CreateDirectory(directory);
            if (directory != container)
                EnableIo(directory);
        }
        return new PodCgroup(pod, container, chain);
    }

    /// <summary>The io.max lines of the pod cgroup.</summary>
    public string ReadIoMax() => File.ReadAllText(System.IO.Path.Combine(PodDirectory, "io.max"));

    /// <summary>
    /// Runs <paramref name="start"/> with this process moved into the container cgroup so that the
    /// child it forks is born there (cgroup v2 has no "exec into cgroup" for ordinary processes),
    /// then moves this process back to the root cgroup.
    /// </summary>
    public async Task<T> RunInsideAsync<T>(Func<Task<T>> start)
    {
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(System.IO.Path.Combine(ContainerDirectory, "cgroup.procs"), pid);
        Task<T> running;
        try
        {
            running = start();
        }
        finally
        {
            File.WriteAllText(System.IO.Path.Combine(Root, "cgroup.procs"), pid);
        }
        return await running;
    }

    /// <summary>Removes the cgroups (deepest first); they must be empty by then.</summary>
    public void Remove()
    {
        for (var i = created.Length - 1; i >= 0; i--)
        {
            if (Directory.Exists(created[i]))
                Directory.Delete(created[i]);
        }
    }

    private static void EnableIo(string directory) => File.WriteAllText(System.IO.Path.Combine(directory, "cgroup.subtree_control"), "+io");
}
