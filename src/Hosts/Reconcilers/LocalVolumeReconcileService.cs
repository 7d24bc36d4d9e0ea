using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Snapshots.ReconcileSnapshot;
using OpenLocal.Application.Volumes.ReconcileVolume;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Hosts.Reconcilers;

/// <summary>
/// <c>openlocal csi --driver-mode=node</c> in a cluster (issue 14, ADR-0056): every change of a LocalVolume or
/// LocalSnapshot of this node queues its id; a worker sends the node-side reconcile (create or adopt the LV by
/// tag, grow it when <c>spec.sizeBytes &gt; status.capacityBytes</c>, on deletion remove it and release the
/// record). One step per pass; a pass that throws comes back with the key's back-off (STYLE.md §9), and the
/// records' periodic resync re-queues everything, so a restarted plugin adopts half-done work.
/// </summary>
public sealed class LocalVolumeReconcileService(
    IMediator mediator,
    IRecordChanges changes,
    TimeProvider time,
    ILogger<LocalVolumeReconcileService> logger) : BackgroundService
{
    private const int Workers = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var queue = new RateLimitedWorkQueue<RecordChange>(TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(2), time);
        var work = queue.RunAsync(Workers, ReconcileAsync, logger, stoppingToken);
        await PumpAsync(queue, stoppingToken);
        await work;
    }

    private async Task<ReconcileResult> ReconcileAsync(RecordChange change, CancellationToken cancellationToken)
    {
        if (change.Kind == RecordKind.Volume)
        {
            var volume = await mediator.Send(new ReconcileVolumeCommand(change.Id), cancellationToken);
            if (volume is { Phase: VolumePhase.Failed })
                logger.LogWarning("volume {Volume} failed on this node: {Code} {Message}", change.Id, volume.FailureKind, volume.FailureMessage);
        }
        else
        {
            var snapshot = await mediator.Send(new ReconcileSnapshotCommand(change.Id), cancellationToken);
            if (snapshot is { Phase: VolumePhase.Failed })
                logger.LogWarning("snapshot {Snapshot} failed on this node: {Code} {Message}", change.Id, snapshot.FailureKind, snapshot.FailureMessage);
        }
        return ReconcileResult.Done;
    }

    private async Task PumpAsync(RateLimitedWorkQueue<RecordChange> queue, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in changes.WatchAsync(cancellationToken))
                    queue.Add(change);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "watch of this node's LocalVolumes failed; restarting in {Delay}", delay);
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
