using k8s;
using k8s.Models;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Kubernetes.Client;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>How long the CSI controller waits for a node when the request carries no deadline of its own.</summary>
public sealed record ClusterProvisioningOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The controller → node path in a cluster (DESIGN decision 2, ADR-0055): the record already exists (CreateVolume,
/// ExpandVolume or CreateSnapshot wrote it); the node plugin on <c>spec.nodeName</c> reconciles it and this waits on
/// the watch-fed cache — never polling — until the node reports the outcome. A status older than the spec
/// (<c>observedGeneration</c> behind <c>metadata.generation</c>) is not an outcome. Past the deadline (the request's,
/// else <see cref="ClusterProvisioningOptions.Timeout"/>) the object stays, so the sidecar's retry finds it again.
/// </summary>
public sealed class KubernetesVolumeProvisioning(
    ClusterRecords records, IVolumeStore volumes, ISnapshotStore snapshots, ClusterProvisioningOptions options) : IVolumeProvisioning
{
    private readonly ResourceClient<Resources.LocalVolume> volumeObjects = new(records.Client);
    private readonly ResourceClient<Resources.LocalSnapshot> snapshotObjects = new(records.Client);

    public Task<LocalVolume> RealizeAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var what = $"volume {volume.Id} on node {volume.NodeName}";
        return WaitAsync(records.Volumes, ResourceNames.ObjectName(volume.Id, "lv-"), what, resource =>
        {
            var current = VolumeMapping.FromResource(resource);
            if (current.Phase == VolumePhase.Deleting)
                throw new StorageException(FailureKind.Aborted, $"{what} is being deleted; retry when the deletion finished");
            if (current.Phase == VolumePhase.Failed && IsCurrent(resource.Metadata, resource.Status?.ObservedGeneration))
                throw new StorageException(current.FailureKind ?? FailureKind.Internal, current.FailureMessage ?? $"{what} failed");
            var capacity = current.HoldsCapacity ? current.CapacityBytes : current.SizeBytes;
            return current.Phase == VolumePhase.Ready && capacity >= volume.SizeBytes ? current : null;
        }, cancellationToken);
    }

    public async Task RemoveAsync(LocalVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        await volumes.RequestDeletionAsync(volume.Id, cancellationToken);
        await WaitGoneAsync(records.Volumes, volumeObjects, ResourceNames.ObjectName(volume.Id, "lv-"), $"volume {volume.Id} on node {volume.NodeName}", cancellationToken);
    }

    public Task<Snapshot> RealizeSnapshotAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var what = $"snapshot {snapshot.Id} on node {snapshot.NodeName}";
        return WaitAsync(records.Snapshots, ResourceNames.ObjectName(snapshot.Id, "ls-"), what, resource =>
        {
            var current = SnapshotMapping.FromResource(resource);
            return current.Phase switch
            {
                VolumePhase.Deleting => throw new StorageException(FailureKind.Aborted, $"{what} is being deleted; retry when the deletion finished"),
                VolumePhase.Failed when IsCurrent(resource.Metadata, resource.Status?.ObservedGeneration) =>
                    throw new StorageException(current.FailureKind ?? FailureKind.Internal, current.FailureMessage ?? $"{what} failed"),
                VolumePhase.Ready => current,
                _ => null,
            };
        }, cancellationToken);
    }

    public async Task RemoveSnapshotAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await snapshots.RequestDeletionAsync(snapshot.Id, cancellationToken);
        await WaitGoneAsync(records.Snapshots, snapshotObjects, ResourceNames.ObjectName(snapshot.Id, "ls-"), $"snapshot {snapshot.Id} on node {snapshot.NodeName}", cancellationToken);
    }

    private static bool IsCurrent(V1ObjectMeta metadata, long? observedGeneration) =>
        observedGeneration is null || metadata.Generation is null || observedGeneration >= metadata.Generation;

    /// <summary>Re-evaluates <paramref name="outcome"/> on every change of the object until it returns a result or throws.</summary>
    private async Task<T> WaitAsync<TResource, T>(
        RecordCache<TResource> cache, string name, string what, Func<TResource, T?> outcome, CancellationToken cancellationToken)
        where TResource : class, IKubernetesObject<V1ObjectMeta>
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            await cache.WaitForSyncAsync(deadline.Token);
            var seen = false;
            while (true)
            {
                var changed = cache.NextChangeAsync(name);
                if (cache.Get(name) is { } resource)
                {
                    seen = true;
                    if (outcome(resource) is { } result)
                        return result;
                }
                else if (seen)
                {
                    throw new StorageException(FailureKind.Aborted, $"{what} was deleted while waiting for its node; retry to place it again");
                }
                // Not in the cache yet: the object was just created and its watch event is on its way.
                await changed.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageException(FailureKind.DeadlineExceeded, $"{what} is not ready after {options.Timeout.TotalSeconds:0} s; is the node plugin running there?");
        }
    }

    /// <summary>Waits until the node released the object (the finalizer is gone and with it the object).</summary>
    private async Task WaitGoneAsync<TResource>(
        RecordCache<TResource> cache, ResourceClient<TResource> api, string name, string what, CancellationToken cancellationToken)
        where TResource : class, IKubernetesObject<V1ObjectMeta>
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            await cache.WaitForSyncAsync(deadline.Token);
            while (true)
            {
                var changed = cache.NextChangeAsync(name);
                // The cache may not have seen an object this process created a moment ago: the API has the last word.
                if (cache.Get(name) is null && await api.GetAsync(name, cancellationToken: deadline.Token) is null)
                    return;
                await changed.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageException(FailureKind.DeadlineExceeded, $"{what} is still being deleted after {options.Timeout.TotalSeconds:0} s; is the node plugin running there?");
        }
    }
}
