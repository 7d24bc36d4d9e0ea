using System.CommandLine;
using System.Reflection;
using k8s;
using Microsoft.Extensions.Logging;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Quantities;
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
        var maxBody = new Option<string>("--max-request-body")
        {
            Description = "Largest predicates/priorities body accepted (Quantity, e.g. 16Mi); larger ones get 413. The default fits 15,000 node names.",
            DefaultValueFactory = _ => "16Mi",
        };

        var command = new Command("extender", "Run the kube-scheduler extender (filter and prioritize by local storage).");
        command.Aliases.Add("scheduler");
        command.Options.Add(port);
        command.Options.Add(strategy);
        command.Options.Add(antiAffinity);
        command.Options.Add(kubeconfig);
        command.Options.Add(master);
        command.Options.Add(maxBody);
        var klog = KlogFlags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            NodeAntiAffinity weights;
            long maxBodyBytes;
            try
            {
                weights = NodeAntiAffinity.Parse(parse.GetValue(antiAffinity));
                maxBodyBytes = ParseBodyLimit(parse.GetValue(maxBody));
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
                MaxRequestBodyBytes = maxBodyBytes,
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

    // Issue 19 item 6: at least 64 KiB (a request for a handful of nodes), at most 1 GiB (buffers are indexed by int).
    private static long ParseBodyLimit(string? text)
    {
        if (!Quantity.TryParse(text, out var quantity, out var error))
            throw StorageException.InvalidArgument($"invalid --max-request-body \"{text}\": {error}");
        var bytes = quantity.Sign > 0 ? quantity.ToBytes() : 0;
        if (bytes < 64 << 10 || bytes > 1L << 30)
            throw StorageException.InvalidArgument($"invalid --max-request-body \"{text}\": must be from 64Ki to 1Gi");
        return bytes;
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
