using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Cli.Commands.Csi;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Csi;

namespace OpenLocal.Cli.Commands;

/// <summary>
/// <c>openlocal csi</c>: the CSI plugin (csi.md §1). Flag spellings of open-local are accepted
/// (<c>--nodeID</c>, <c>--driver-mode</c>), and its obsolete flags are ignored with a warning so
/// that drop-in manifests keep working.
/// </summary>
public static class CsiCommand
{
    private static readonly string[] IgnoredFlags =
    [
        "--lvmdPort", "--grpc-connection-timeout", "--use-node-hostname", "--enable-spdk",
        "--extender-scheduler-names", "--framework-scheduler-names",
    ];

    public static Command Create()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "unix:///path/csi.sock (open-local parsing) or tcp://host:port for tests", DefaultValueFactory = _ => "unix://tmp/csi.sock" };
        var nodeId = new Option<string>("--node-id", "--nodeID") { Description = "this node's name (Helm: spec.nodeName)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KUBE_NODE_NAME") ?? Environment.MachineName };
        var mode = new Option<string>("--mode", "--driver-mode") { Description = "all | controller | node", DefaultValueFactory = _ => "all" };
        var backend = new Option<string>("--backend") { Description = "lvm (the node's real storage) | fake (in-memory node, for development and conformance suites)", DefaultValueFactory = _ => "lvm" };
        var stateDir = new Option<string?>("--state-dir") { Description = "directory for standalone volume/snapshot records (default: a fresh temporary directory)" };
        var driver = new Option<string>("--driver") { Description = "CSI driver name served by GetPluginInfo", DefaultValueFactory = _ => CsiPluginOptions.DefaultDriverName };
        var kubeletDir = new Option<string>("--kubelet-dir") { Description = "kubelet root directory", DefaultValueFactory = _ => "/var/lib/kubelet" };
        var sysfs = new Option<string>("--path.sysfs") { Description = "where the host's /sys is visible", DefaultValueFactory = _ => "/host_sys" };
        var cgroupDriver = new Option<string>("--cgroupDriver") { Description = "systemd | cgroupfs (a hint for finding pod cgroups)", DefaultValueFactory = _ => "systemd" };
        var strategy = new Option<string>("--scheduler-strategy") { Description = "binpack | spread (must equal the extender's)", DefaultValueFactory = _ => "binpack" };
        var metrics = new Option<string>("--metrics-address") { Description = "[host]:port for /metrics, /healthz and /readyz over HTTP; empty or 0 turns them off", DefaultValueFactory = _ => ":8082" };
        var kubeconfig = KubernetesAccess.KubeconfigOption();
        var master = KubernetesAccess.MasterOption();

        var command = new Command("csi", "Run the CSI plugin (Identity, Controller and/or Node services) on a unix socket.")
        {
            endpoint, nodeId, mode, backend, stateDir, driver, kubeletDir, sysfs, cgroupDriver, strategy, metrics, kubeconfig, master,
        };
        var klog = KlogFlags.AddTo(command);
        foreach (var flag in IgnoredFlags)
            command.Options.Add(new Option<string?>(flag) { Description = "ignored (open-local flag without meaning here)", Hidden = true, Arity = ArgumentArity.ZeroOrOne });
        // --konnectivity-* is a family of flags; unmatched tokens are inspected instead of failing the parse.
        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            foreach (var flag in IgnoredFlags)
            {
                if (parseResult.GetResult(flag) is not null)
                    await error.WriteLineAsync($"warning: {flag} is an open-local flag that OpenLocal ignores");
            }
            var unmatched = parseResult.UnmatchedTokens;
            var unknown = unmatched.Where(t => t.StartsWith('-') && !t.StartsWith("--konnectivity-", StringComparison.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                await error.WriteLineAsync($"unknown option(s): {string.Join(' ', unknown)}");
                return 2;
            }
            foreach (var token in unmatched.Where(t => t.StartsWith("--konnectivity-", StringComparison.Ordinal)))
                await error.WriteLineAsync($"warning: {token.Split('=')[0]} is an open-local flag that OpenLocal ignores");

            try
            {
                var settings = new CsiSettings
                {
                    Endpoint = parseResult.GetValue(endpoint)!,
                    NodeId = parseResult.GetValue(nodeId)!,
                    Mode = parseResult.GetValue(mode)!,
                    Backend = parseResult.GetValue(backend)!,
                    StateDir = parseResult.GetValue(stateDir),
                    DriverName = parseResult.GetValue(driver)!,
                    KubeletDir = parseResult.GetValue(kubeletDir)!,
                    SchedulerStrategy = parseResult.GetValue(strategy)!,
                    SysfsRoot = parseResult.GetValue(sysfs)!,
                    CgroupDriver = parseResult.GetValue(cgroupDriver)!,
                    MaxVolumesPerNode = Environment.GetEnvironmentVariable("MAX_VOLUMES_PERNODE"),
                    DoubleCheckMount = string.Equals(Environment.GetEnvironmentVariable("MNT_Double_Check"), "true", StringComparison.OrdinalIgnoreCase),
                    MetricsAddress = parseResult.GetValue(metrics),
                    Kubeconfig = parseResult.GetValue(kubeconfig),
                    Master = parseResult.GetValue(master),
                };
                var level = klog.LogLevel(parseResult);
                if (CsiPlugin.IsCluster(settings))
                {
                    // One clear line and exit 1 when the API server is unreachable, as every component (ADR-0052).
                    using var reachable = await KubernetesAccess.ConnectAsync(settings.Kubeconfig, settings.Master, cancellationToken);
                }
                await using var app = CsiPlugin.Build(settings, logging => CsiServer.AddConsole(logging).SetMinimumLevel(level));
                // SIGTERM cancels the token (System.CommandLine) and stops the host gracefully.
                await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
                return 0;
            }
            catch (StorageException ex)
            {
                await error.WriteLineAsync($"csi: {ex.Message}");
                return 1;
            }
            catch (IOException ex)
            {
                // Kestrel could not listen, e.g. another plugin bound the socket after the claim (ADR-0052).
                await error.WriteLineAsync($"csi: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
