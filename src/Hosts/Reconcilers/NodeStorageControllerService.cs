using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Controller;
using OpenLocal.Application.Controller.ResyncInitConfig;
using OpenLocal.Application.Controller.SyncNodeStorage;
using OpenLocal.Application.Ports;

namespace OpenLocal.Hosts.Reconcilers;

/// <summary>
/// <c>openlocal controller</c>: while this replica leads, watches Nodes, NodeLocalStorages and the
/// NLSC and reconciles one NLS per node through a rate-limited work queue (crds.md §3). A deleted
/// NLS is queued on its delete event and recreated at once (open-local waited for the 30 s resync,
/// known-defects C2).
/// </summary>
public sealed class NodeStorageControllerService(
    IMediator mediator,
    IStorageChanges changes,
    ILeaderElection election,
    ControllerSettings settings,
    ControllerHostOptions options,
    TimeProvider time,
    ILogger<NodeStorageControllerService> logger) : BackgroundService
{
    // Node names never contain NUL, so these keys cannot collide with a node.
    private const string InitConfigChanged = "\0nlsc";
    private const string PeriodicResync = "\0resync";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        election.RunAsync(options.LeaseName, LeadAsync, stoppingToken);

    private async Task LeadAsync(CancellationToken leading)
    {
        logger.LogInformation("leading: reconciling NodeLocalStorages from NodeLocalStorageInitConfig {Name}", settings.InitConfigName);
        using var queue = new RateLimitedWorkQueue<string>(options.RetryBaseDelay, options.RetryMaxDelay, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(leading);
        queue.Add(InitConfigChanged);
        var tasks = new[]
        {
            queue.RunAsync(options.Workers, (key, ct) => ReconcileAsync(queue, key, ct), logger, stop.Token),
            PumpAsync(WatchedKind.Node, null, queue, stop.Token),
            PumpAsync(WatchedKind.NodeLocalStorage, null, queue, stop.Token),
            PumpAsync(WatchedKind.InitConfig, settings.InitConfigName, queue, stop.Token),
            ResyncAsync(queue, stop.Token),
        };
        try
        {
            await Task.WhenAll(tasks);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private async Task<ReconcileResult> ReconcileAsync(RateLimitedWorkQueue<string> queue, string key, CancellationToken cancellationToken)
    {
        if (key is InitConfigChanged or PeriodicResync)
        {
            var names = await mediator.Send(new ResyncInitConfigCommand(key == InitConfigChanged), cancellationToken);
            foreach (var name in names)
                queue.Add(name);
            return ReconcileResult.Done;
        }
        var outcome = await mediator.Send(new SyncNodeStorageCommand(key), cancellationToken);
        logger.LogDebug("sync of node {Node}: {Outcome}", key, outcome);
        // Without the NLSC nothing can be derived: retry with back-off (crds.md §3 step 6).
        return outcome == NodeStorageSyncOutcome.NoInitConfig ? ReconcileResult.RetryWithBackoff : ReconcileResult.Done;
    }

    private async Task PumpAsync(WatchedKind kind, string? name, RateLimitedWorkQueue<string> queue, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in changes.WatchAsync(kind, name, cancellationToken))
                {
                    queue.Add(kind == WatchedKind.InitConfig ? InitConfigChanged : change.Name);
                    delay = TimeSpan.FromSeconds(1);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "watch of {Kind} failed; restarting in {Delay}", kind, delay);
            }
            await DelayAsync(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    private async Task ResyncAsync(RateLimitedWorkQueue<string> queue, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.ResyncPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                queue.Add(PeriodicResync);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown or lost leadership.
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }
}
