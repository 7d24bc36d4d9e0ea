using System.CommandLine;
using System.Reflection;
using k8s;
using Microsoft.Extensions.Logging;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Hosts.Extender;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Watch;

namespace OpenLocal.Cli.Commands;

/// <summary>
/// <c>openlocal extender</c> (alias <c>scheduler</c>, open-local's sub-command name): the
/// kube-scheduler HTTP extender over a watch-fed cache (extender.md §1). open-local's flag
/// spellings are accepted so drop-in manifests keep working.
/// </summary>
public static class ExtenderCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP listen port (all interfaces).", DefaultValueFactory = _ => ExtenderOptions.DefaultPort };
        var strategy = new Option<string>("--scheduler-strategy", "--strategy")
        {
            Description = "LVM placement: binpack (fill the fullest VG) or spread; must equal the CSI controller's.",
            DefaultValueFactory = _ => "binpack",
        };
        strategy.AcceptOnlyFromAmong("binpack", "spread");
        var antiAffinity = new Option<string>("--enabled-node-anti-affinity", "--node-anti-affinity")
        {
            Description = "Comma list of <VolumeType>=<weight 0..10> (MountPoint, Device; LVM and Quota accepted), e.g. MountPoint=5,Device=2.",
        };
        var kubeconfig = KubernetesAccess.KubeconfigOption();
        var master = KubernetesAccess.MasterOption();

        var command = new Command("extender", "Run the kube-scheduler extender (filter and prioritize by local storage).");
        command.Aliases.Add("scheduler");
        command.Options.Add(port);
        command.Options.Add(strategy);
        command.Options.Add(antiAffinity);
        command.Options.Add(kubeconfig);
        command.Options.Add(master);
        var klog = KlogFlags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            NodeAntiAffinity weights;
            try
            {
                weights = NodeAntiAffinity.Parse(parse.GetValue(antiAffinity));
            }
            catch (StorageException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 2;
            }
            var options = new ExtenderOptions
            {
                Port = parse.GetValue(port),
                Strategy = parse.GetValue(strategy) == "spread" ? PlacementStrategy.Spread : PlacementStrategy.Binpack,
                AntiAffinity = weights,
                Version = Version(),
            };
            var level = klog.LogLevel(parse);
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(level));
            IKubernetes client;
            try
            {
                client = await KubernetesAccess.ConnectAsync(parse.GetValue(kubeconfig), parse.GetValue(master), cancellationToken);
            }
            catch (StorageException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"extender: {e.Message}");
                return 1;
            }
            using var feedClient = client;
            var cache = new SchedulingCache();
            var metrics = new ExtenderMetrics();
            await using var server = ExtenderServer.Create(options, cache, metrics, logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(level));
            await server.StartAsync(cancellationToken);
            loggers.CreateLogger("extender").LogInformation(
                "openlocal extender {Version} listening on :{Port}, strategy {Strategy}", options.Version, options.Port, options.Strategy);
            await new ClusterFeeds(feedClient, cache, metrics, loggers).RunAsync(cancellationToken);
            await server.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    // GET /version: "<version>-<git commit>" (extender.md §2), e.g. v0.1.0-c0fbee4b.
    private static string Version()
    {
        var informational = typeof(ExtenderCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var commit = plus >= 0 ? informational[(plus + 1)..] : "unknown";
        return $"v{VersionCommand.Current}-{(commit.Length > 8 ? commit[..8] : commit)}";
    }
}
