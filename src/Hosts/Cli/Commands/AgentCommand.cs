using System.CommandLine;
using System.Text.RegularExpressions;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Application;
using OpenLocal.Application.Agent;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Reconcilers;
using OpenLocal.Infrastructure.Commands;
using OpenLocal.Infrastructure.Device;
using OpenLocal.Infrastructure.Fake;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;
using OpenLocal.Infrastructure.Lvm;

namespace OpenLocal.Cli.Commands;

/// <summary>What <c>openlocal agent</c> was asked to do, after flag parsing.</summary>
public sealed record AgentOptions(AgentSettings Settings, AgentHostOptions Host, string Backend)
{
    /// <summary>From klog's <c>--v</c>.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
}

/// <summary>
/// <c>openlocal agent</c>: discovery, initialisation and NLS status for one node, with open-local's
/// flag spellings (node-agent.md §1) and ours (<c>--node-name</c>, <c>--mount-root</c>,
/// <c>--heartbeat-interval</c>, <c>--allow-vg-extend</c>, <c>--backend</c>).
/// </summary>
public static class AgentCommand
{
    public const string FakeBackendName = "fake";
    public const string LvmBackendName = "lvm";

    public static Command Create()
    {
        var nodeName = new Option<string?>("--nodename", "--node-name")
        {
            Description = "This node's name (= its NodeLocalStorage). Default: $KUBE_NODE_NAME.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KUBE_NODE_NAME"),
        };
        var mountRoot = new Option<string>("--path.mount", "--mount-root")
        {
            Description = "Parent directory of MountPoint volumes; its direct child mounts are reported.",
            DefaultValueFactory = _ => AgentSettings.DefaultMountRoot,
        };
        var sysfs = new Option<string>("--path.sysfs") { Description = "Where the host's /sys is mounted.", DefaultValueFactory = _ => "/sys" };
        var interval = new Option<int>("--interval") { Description = "Discovery period in seconds.", DefaultValueFactory = _ => 60 };
        var heartbeat = new Option<int?>("--heartbeat-interval") { Description = "Max seconds between status writes (default 10 × --interval)." };
        var lvName = new Option<string>("--lvname") { Description = "Name prefix of OpenLocal's LVs.", DefaultValueFactory = _ => LogicalVolumeOwnership.Default.LvNamePrefix };
        var regexp = new Option<string>("--regexp") { Description = "Device names (under /sys/block) to discover.", DefaultValueFactory = _ => AgentSettings.DefaultDeviceNamePattern };
        var allowExtend = new Option<bool>("--allow-vg-extend") { Description = "Add clean devices newly listed in resourceToBeInited to their existing VG (vgextend)." };
        var clusterId = new Option<string?>("--cluster-id") { Description = "Cluster id of the openlocal.cluster LV tag that marks LVs as ours." };
        var backend = new Option<string>("--backend") { Description = "Storage backend: lvm (the node's real lvm2, sysfs and mounts) | fake (in-memory node for dev and tests).", DefaultValueFactory = _ => LvmBackendName };
        backend.AcceptOnlyFromAmong(LvmBackendName, FakeBackendName);
        var kubeconfig = KubernetesAccess.KubeconfigOption();
        var master = KubernetesAccess.MasterOption();
        var command = new Command("agent", "Discover and initialise this node's storage and publish it in its NodeLocalStorage status.")
        {
            nodeName, mountRoot, sysfs, interval, heartbeat, lvName, regexp, allowExtend, clusterId, backend, kubeconfig, master,
        };
        var klog = KlogFlags.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Checked here, after defaults apply (a command validator sees unset options as 0).
            var problem = Validate(parseResult.GetValue(nodeName), parseResult.GetValue(interval), parseResult.GetValue(heartbeat), parseResult.GetValue(regexp)!);
            if (problem is not null)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync(problem);
                return 2;
            }
            var period = TimeSpan.FromSeconds(parseResult.GetValue(interval));
            var settings = new AgentSettings(
                parseResult.GetValue(mountRoot)!,
                parseResult.GetValue(regexp)!,
                new LogicalVolumeOwnership(
                    parseResult.GetValue(lvName)!,
                    Environment.GetEnvironmentVariable("SNAPSHOT_PREFIX") is { Length: > 0 } prefix ? prefix : LogicalVolumeOwnership.Default.SnapshotPrefix,
                    parseResult.GetValue(clusterId)),
                parseResult.GetValue(heartbeat) is { } seconds ? TimeSpan.FromSeconds(seconds) : period * 10,
                // open-local's environment switch (node-agent.md §1, §4.1).
                string.Equals(Environment.GetEnvironmentVariable("Force_Create_VG"), "true", StringComparison.OrdinalIgnoreCase),
                parseResult.GetValue(allowExtend));
            var options = new AgentOptions(settings, new AgentHostOptions(parseResult.GetValue(nodeName)!, period), parseResult.GetValue(backend)!) { LogLevel = klog.LogLevel(parseResult) };
            IKubernetes client;
            try
            {
                client = await KubernetesAccess.ConnectAsync(parseResult.GetValue(kubeconfig), parseResult.GetValue(master), cancellationToken);
            }
            catch (StorageException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"agent: {ex.Message}");
                return 1;
            }
            var sysfsRoot = parseResult.GetValue(sysfs)!;
            using var host = BuildHost(options, client, services =>
            {
                if (options.Backend == FakeBackendName)
                {
                    services.AddFakeBackend(FakeBackendOptions.Default with { NodeName = options.Host.NodeName });
                    return;
                }
                services.AddProcessCommandRunner();
                services.AddLvmBackend();
                services.AddDeviceBackend(new DeviceOptions { SysfsRoot = sysfsRoot });
            });
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static string? Validate(string? nodeName, int interval, int? heartbeat, string regexp)
    {
        if (string.IsNullOrEmpty(nodeName))
            return "--nodename is required (or set KUBE_NODE_NAME)";
        if (interval < 1)
            return "--interval must be at least 1 second";
        if (heartbeat is < 1)
            return "--heartbeat-interval must be at least 1 second";
        try
        {
            _ = new Regex(regexp, RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"--regexp is not a valid regular expression: {ex.Message}";
        }
    }

    /// <summary>The agent's composition root; <paramref name="addBackend"/> registers the storage ports (also used by tests).</summary>
    public static IHost BuildHost(AgentOptions options, IKubernetes client, Action<IServiceCollection> addBackend)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(addBackend);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Services.AddSingleton(client);
        addBackend(builder.Services);
        builder.Services.AddOpenLocalApplication();
        builder.Services.AddKubernetesReconcilerAdapters("openlocal-agent");
        builder.Services.AddNodeStorageAgent(options.Settings, options.Host);
        // Mediator 3 constructs every Application handler on the first Send (ADR 0039).
        return builder.Build();
    }
}
