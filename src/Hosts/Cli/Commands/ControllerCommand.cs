using System.CommandLine;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Application;
using OpenLocal.Application.Controller;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Reconcilers;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;

namespace OpenLocal.Cli.Commands;

/// <summary>What <c>openlocal controller</c> was asked to do, after flag parsing.</summary>
public sealed record ControllerOptions(ControllerSettings Settings, ControllerHostOptions Host, bool LeaderElect, string LeaderElectNamespace)
{
    /// <summary>From klog's <c>--v</c>.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;
}

/// <summary>
/// <c>openlocal controller</c>: NLSC + Nodes → one NodeLocalStorage per node (crds.md §3), with
/// open-local's flags (deploy.md §4.2, §10): <c>--initconfig</c>, <c>--feature-gates=UpdateNLS=…</c>,
/// <c>--leader-elect</c>, <c>--leader-elect-namespace</c>; ours: <c>--preserve-manual-edits</c>.
/// </summary>
public static class ControllerCommand
{
    public static Command Create()
    {
        var initConfig = new Option<string>("--initconfig", "--init-config")
        {
            Description = "Name of the NodeLocalStorageInitConfig to follow.",
            DefaultValueFactory = _ => ControllerSettings.DefaultInitConfigName,
        };
        var featureGates = new Option<string>("--feature-gates")
        {
            Description = "open-local feature gates, e.g. UpdateNLS=false (= --preserve-manual-edits); OrphanedSnapshotContent is accepted and has no effect.",
            DefaultValueFactory = _ => string.Empty,
        };
        var preserve = new Option<bool>("--preserve-manual-edits") { Description = "Never update an existing NodeLocalStorage spec; only create missing ones." };
        var leaderElect = new Option<bool>("--leader-elect") { Description = "Elect one active replica through a Lease.", DefaultValueFactory = _ => true };
        var leaderNamespace = new Option<string>("--leader-elect-namespace") { Description = "Namespace of the Lease.", DefaultValueFactory = _ => "kube-system" };
        var workers = new Option<int>("--workers") { Description = "Concurrent node reconciles.", DefaultValueFactory = _ => ControllerHostOptions.Default.Workers };
        var kubeconfig = KubernetesAccess.KubeconfigOption();
        var master = KubernetesAccess.MasterOption();
        var command = new Command("controller", "Derive one NodeLocalStorage per node from the NodeLocalStorageInitConfig.")
        {
            initConfig, featureGates, preserve, leaderElect, leaderNamespace, workers, kubeconfig, master,
        };
        var klog = KlogFlags.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // Checked here, after defaults apply (a command validator sees unset options as 0).
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(workers) < 1)
            {
                await error.WriteLineAsync("--workers must be at least 1");
                return 2;
            }
            if (!TryParseUpdateNls(parseResult.GetValue(featureGates) ?? string.Empty, out var updateNls, out var gateError))
            {
                await error.WriteLineAsync(gateError);
                return 2;
            }
            var options = new ControllerOptions(
                new ControllerSettings(parseResult.GetValue(initConfig)!, parseResult.GetValue(preserve) || !updateNls),
                ControllerHostOptions.Default with { Workers = parseResult.GetValue(workers) },
                parseResult.GetValue(leaderElect),
                parseResult.GetValue(leaderNamespace)!) { LogLevel = klog.LogLevel(parseResult) };
            IKubernetes client;
            try
            {
                client = await KubernetesAccess.ConnectAsync(parseResult.GetValue(kubeconfig), parseResult.GetValue(master), cancellationToken);
            }
            catch (StorageException ex)
            {
                await error.WriteLineAsync($"controller: {ex.Message}");
                return 1;
            }
            using var host = BuildHost(options, client);
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>The controller's composition root (also used by the Kubernetes-tier tests).</summary>
    public static IHost BuildHost(ControllerOptions options, IKubernetes client)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Services.AddSingleton(client);
        builder.Services.AddOpenLocalApplication();
        builder.Services.AddKubernetesReconcilerAdapters("openlocal-controller");
        if (options.LeaderElect)
            builder.Services.AddKubernetesLeaderElection(options.LeaderElectNamespace, $"{Environment.MachineName}_{Guid.NewGuid():N}");
        else
            builder.Services.AddSingleton<ILeaderElection, SingleReplica>();
        builder.Services.AddNodeStorageController(options.Settings, options.Host);
        // Mediator 3 constructs every Application handler on the first Send (ADR 0039).
        return builder.Build();
    }

    /// <summary>Reads <c>UpdateNLS</c> from open-local's <c>--feature-gates=A=true,B=false</c>; default true.</summary>
    public static bool TryParseUpdateNls(string gates, out bool updateNls, out string error)
    {
        ArgumentNullException.ThrowIfNull(gates);
        updateNls = true;
        error = string.Empty;
        foreach (var gate in gates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = gate.Split('=', 2);
            if (parts.Length != 2 || !bool.TryParse(parts[1], out var value))
            {
                error = $"--feature-gates: \"{gate}\" is not NAME=true|false";
                return false;
            }
            if (parts[0] == "UpdateNLS")
                updateNls = value;
            else if (parts[0] != "OrphanedSnapshotContent")
            {
                error = $"--feature-gates: unknown gate \"{parts[0]}\" (known: UpdateNLS, OrphanedSnapshotContent)";
                return false;
            }
        }
        return true;
    }
}
