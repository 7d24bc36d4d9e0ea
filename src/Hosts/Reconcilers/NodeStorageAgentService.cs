using System.Threading.Channels;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Agent.InitializeNodeStorage;
using OpenLocal.Application.Agent.RefreshNodeStorage;
using OpenLocal.Application.Ports;

namespace OpenLocal.Hosts.Reconcilers;

/// <summary>
/// <c>openlocal agent</c>: one loop per node. Initialisation runs at start-up, when the NLS appears
/// or its generation changes, and on a back-off timer after failures (node-agent.md §4); discovery
/// runs every interval and right after an initialisation changed something (§5). Errors are logged
/// and the loop carries on: the agent never crashes on bad input.
/// </summary>
public sealed class NodeStorageAgentService(
    IMediator mediator,
    IStorageChanges changes,
    AgentHostOptions options,
    TimeProvider time,
    ILogger<NodeStorageAgentService> logger) : BackgroundService
{
    private readonly Channel<bool> _initRequests = Channel.CreateUnbounded<bool>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = WatchOwnStorageAsync(stoppingToken);
        var initDue = true;
        DateTimeOffset? initRetryAt = null;
        var initRetryDelay = options.Interval;
        var nextRefresh = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            while (_initRequests.Reader.TryRead(out _))
                initDue = true;
            var now = time.GetUtcNow();
            if (initDue || initRetryAt <= now)
            {
                initDue = false;
                initRetryAt = null;
                var outcome = await InitializeAsync(stoppingToken);
                if (outcome is { Found: true, Failures: > 0 })
                {
                    initRetryAt = now + initRetryDelay;
                    initRetryDelay = TimeSpan.FromTicks(Math.Min(initRetryDelay.Ticks * 2, options.MaxInitRetryDelay.Ticks));
                }
                else if (outcome is { Found: true })
                {
                    initRetryDelay = options.Interval;
                }
                if (outcome?.Changed == true)
                    nextRefresh = now;
            }
            if (time.GetUtcNow() >= nextRefresh)
            {
                await RefreshAsync(stoppingToken);
                nextRefresh = time.GetUtcNow() + options.Interval;
            }
            var wake = initRetryAt is { } retry && retry < nextRefresh ? retry : nextRefresh;
            await WaitAsync(wake, stoppingToken);
        }
        await watch;
    }

    private async Task<InitializeOutcome?> InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await mediator.Send(new InitializeNodeStorageCommand(options.NodeName), cancellationToken);
            if (outcome.Failures > 0)
                logger.LogWarning("initialisation of node {Node}: {Failures} step(s) failed; see the NodeLocalStorage events", options.NodeName, outcome.Failures);
            return outcome;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "initialisation of node {Node} failed", options.NodeName);
            return new InitializeOutcome(true, false, 1);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await mediator.Send(new RefreshNodeStorageCommand(options.NodeName), cancellationToken);
            if (outcome == RefreshOutcome.NoNodeStorage)
                logger.LogInformation("NodeLocalStorage {Node} does not exist yet; waiting for the controller", options.NodeName);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "discovery on node {Node} failed", options.NodeName);
        }
    }

    /// <summary>Sleeps until <paramref name="wake"/> or until the NLS asks for initialisation.</summary>
    private async Task WaitAsync(DateTimeOffset wake, CancellationToken cancellationToken)
    {
        var delay = wake - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
            return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var signal = _initRequests.Reader.WaitToReadAsync(cts.Token).AsTask();
            await Task.WhenAny(signal, Task.Delay(delay, time, cts.Token));
        }
        finally
        {
            await cts.CancelAsync();
        }
    }

    /// <summary>The NLS appearing or its spec changing (a new generation) triggers initialisation.</summary>
    private async Task WatchOwnStorageAsync(CancellationToken cancellationToken)
    {
        long generation = -1;
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in changes.WatchAsync(WatchedKind.NodeLocalStorage, options.NodeName, cancellationToken))
                {
                    delay = TimeSpan.FromSeconds(1);
                    if (change.Name != options.NodeName || change.Type == ChangeType.Deleted || change.Generation == generation)
                        continue;
                    generation = change.Generation;
                    _initRequests.Writer.TryWrite(true);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "watch of NodeLocalStorage {Node} failed; restarting in {Delay}", options.NodeName, delay);
            }
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }
}
