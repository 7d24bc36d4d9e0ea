using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>
/// The LocalVolume and LocalSnapshot caches of one process (ADR-0054), started with the host. The Kubernetes
/// stores read from them, <see cref="KubernetesVolumeProvisioning"/> waits on them and a node's reconcile loop
/// follows their changes (<see cref="IRecordChanges"/>).
/// </summary>
public sealed class ClusterRecords : IRecordChanges, IHostedService, IAsyncDisposable
{
    /// <summary>A level-triggered safety net: every cached record is reported again this often.</summary>
    public static readonly TimeSpan DefaultResyncPeriod = TimeSpan.FromMinutes(1);

    public ClusterRecords(IKubernetes client, RecordScope scope, ILogger<ClusterRecords>? logger = null, TimeSpan? resyncPeriod = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Client = client;
        Scope = scope;
        var resync = resyncPeriod ?? DefaultResyncPeriod;
        Volumes = new RecordCache<Resources.LocalVolume>(client, scope, resync, logger);
        Snapshots = new RecordCache<Resources.LocalSnapshot>(client, scope, resync, logger);
    }

    public IKubernetes Client { get; }

    public RecordScope Scope { get; }

    public RecordCache<Resources.LocalVolume> Volumes { get; }

    public RecordCache<Resources.LocalSnapshot> Snapshots { get; }

    public bool HasSynced => Volumes.HasSynced && Snapshots.HasSynced;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Volumes.WaitForSyncAsync(cancellationToken), Snapshots.WaitForSyncAsync(cancellationToken));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Volumes.Start();
        Snapshots.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async IAsyncEnumerable<RecordChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var changes = Channel.CreateUnbounded<RecordChange>(new UnboundedChannelOptions { SingleReader = true });
        // Subscribe first, then replay the cache: a record added in between is reported twice, never missed.
        using var volumes = Volumes.Subscribe(v => changes.Writer.TryWrite(new RecordChange(RecordKind.Volume, v.Spec.VolumeId)));
        using var snapshots = Snapshots.Subscribe(s => changes.Writer.TryWrite(new RecordChange(RecordKind.Snapshot, s.Spec.SnapshotId)));
        foreach (var volume in Volumes.List())
            changes.Writer.TryWrite(new RecordChange(RecordKind.Volume, volume.Spec.VolumeId));
        foreach (var snapshot in Snapshots.List())
            changes.Writer.TryWrite(new RecordChange(RecordKind.Snapshot, snapshot.Spec.SnapshotId));
        await foreach (var change in changes.Reader.ReadAllAsync(cancellationToken))
            yield return change;
    }

    public async ValueTask DisposeAsync()
    {
        await Volumes.DisposeAsync();
        await Snapshots.DisposeAsync();
    }
}
