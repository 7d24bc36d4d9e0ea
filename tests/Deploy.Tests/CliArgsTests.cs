using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenLocal.Deploy.Tests;

/// <summary>
/// deploy.md §10, the drop-in rule: every `args:` of an OpenLocal container in what we ship, and every flag
/// spelling open-local's own manifests use, is accepted by the real `openlocal` parser.
/// </summary>
public sealed partial class CliArgsTests
{
    [Theory]
    [MemberData(nameof(DeployTargets.All), MemberType = typeof(DeployTargets))]
    public async Task Every_openlocal_container_in_the_rendered_manifests_parses(string target)
    {
        var containers = (await DeployTargets.KustomizeAsync(target))
            .Select(o => (Object: o, Pod: Manifests.PodSpec(o)))
            .Where(x => x.Pod is not null)
            .SelectMany(x => Manifests.Containers(x.Pod!).Select(c => (Owner: (string)x.Object["metadata"]!["name"]!, Container: c)))
            .Where(x => ((string)x.Container["image"]!).Contains("/openlocal/openlocal:", StringComparison.Ordinal))
            .ToList();
        // agent + csi-plugin (node), csi-plugin + controller, extender.
        Assert.Equal(5, containers.Count);
        foreach (var (owner, container) in containers)
        {
            var args = ((JsonArray)container["args"]!).Select(a => (string)a!).ToList();
            Assert.True(CliArgs.Problems(args) is [], $"{owner}/{container["name"]}: {string.Join("; ", CliArgs.Problems(args))}");
            // kubelet expands $(VAR) only for variables the container defines; anything else reaches us literally.
            var defined = (container["env"] as JsonArray ?? []).Select(e => (string)e!["name"]!).ToHashSet();
            foreach (var reference in args.SelectMany(a => Reference().Matches(a)).Select(m => m.Groups[1].Value))
                Assert.True(defined.Contains(reference), $"{owner}/{container["name"]}: $({reference}) is not in env");
        }
    }

    /// <summary>Flag spellings of open-local's manifests and docs (deploy.md §10), by subcommand.</summary>
    public static TheoryData<string> OpenLocalArgs =>
    [
        // agent, as open-local's DaemonSet and its docs run it
        "agent --nodename=node-1 --path.sysfs=/host_sys --path.mount=/mnt/open-local/ --lvname=local",
        "agent --nodename=node-1 --interval=60 --regexp=^(s|v|xv)d[a-z]+$ --kubeconfig=/etc/kubernetes/admin.conf --master=https://10.0.0.1:6443",
        "agent --nodename=node-1 --path_sysfs=/host_sys --path_mount=/mnt/open-local/",
        // csi, node and controller mode
        "csi --endpoint=unix://var/lib/kubelet/plugins/local.csi.aliyun.com/csi.sock --nodeID=node-1 --driver=local.csi.aliyun.com --driver-mode=node",
        "csi --endpoint=unix://tmp/csi.sock --nodeID=node-1 --driver=local.csi.aliyun.com --driver-mode=controller --path.sysfs=/host_sys --cgroupDriver=systemd",
        "csi --nodeID=node-1 --kubeconfig=/etc/kubernetes/admin.conf --master=https://10.0.0.1:6443",
        "csi --nodeID=node-1 --lvmdPort=1736 --grpc-connection-timeout=3 --use-node-hostname=true --enable-spdk=false --extender-scheduler-names=default-scheduler --framework-scheduler-names=",
        "csi --driver_mode=node --path_sysfs=/host_sys",
        // controller
        "controller --initconfig=open-local --feature-gates=UpdateNLS=true,OrphanedSnapshotContent=true",
        "controller --initconfig=open-local --kubeconfig=/etc/kubernetes/admin.conf --master=https://10.0.0.1:6443",
        // scheduler (open-local's name) and extender
        "scheduler --port=23000 --scheduler-strategy=spread --enabled-node-anti-affinity=MountPoint=5,Device=2",
        "extender --port=23000 --scheduler-strategy=binpack --kubeconfig=/etc/kubernetes/admin.conf --master=https://10.0.0.1:6443",
        "scheduler --port=23000 --scheduler_strategy=spread",
        // klog flags on every component: -v/--v set verbosity, the rest are accepted and ignored
        "agent --nodename=node-1 --v=5",
        "csi --nodeID=node-1 -v=4 --logtostderr=true --alsologtostderr",
        "controller --v=2 --log-dir=/var/log/open-local --log_dir=/var/log/open-local",
        "scheduler --port=23000 --v=3 --logtostderr",
        "version",
    ];

    [Theory]
    [MemberData(nameof(OpenLocalArgs))]
    public void An_open_local_command_line_parses(string commandLine)
    {
        var problems = CliArgs.Problems(commandLine.Split(' '));
        Assert.True(problems is [], string.Join("; ", problems));
    }

    [Theory]
    [InlineData("csi --nodeID=node-1 --no-such-flag=1")]
    [InlineData("agent --nodename=node-1 --no-such-flag")]
    [InlineData("controller --initconfig=x --no-such-flag=1")]
    [InlineData("extender --no-such-flag=1")]
    public void An_unknown_flag_is_reported(string commandLine) =>
        Assert.Contains(CliArgs.Problems(commandLine.Split(' ')), p => p.Contains("--no-such-flag", StringComparison.Ordinal));

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
