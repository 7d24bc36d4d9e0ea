using System.Collections.Immutable;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;
using Resources = OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>
/// The cluster's <see cref="IStorageInventory"/> (issue 14): every node's schedulable storage from its
/// NodeLocalStorage status — the filtered VGs with their allocatable bytes, the filtered devices and mount points
/// (crds.md §1.3) — and its <c>kubernetes.io/hostname</c> label from the Node, both from watch-fed caches.
/// With <c>CapacityLedgerView</c> on top, CreateVolume can place on any node and GetCapacity answers for every node.
/// </summary>
public sealed class ClusterStorageInventory : IStorageInventory, IHostedService, IAsyncDisposable
{
    public const string HostnameLabel = "kubernetes.io/hostname";
    private readonly Informer<Resources.NodeLocalStorage> storages;
    private readonly Informer<V1Node> nodes;

    public ClusterStorageInventory(IKubernetes client, ILogger<ClusterStorageInventory>? logger = null)
    {
        storages = new Informer<Resources.NodeLocalStorage>(new ResourceClient<Resources.NodeLocalStorage>(client), new InformerOptions { Logger = logger });
        nodes = new Informer<V1Node>(new ResourceClient<V1Node>(client), new InformerOptions { Logger = logger });
    }

    public bool HasSynced => storages.HasSynced && nodes.HasSynced;

    public async Task<IReadOnlyList<NodeStorage>> ListNodesAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(storages.WaitForSyncAsync(cancellationToken), nodes.WaitForSyncAsync(cancellationToken));
        var result = new List<NodeStorage>();
        foreach (var nls in storages.List())
        {
            if (NodeStorageMapping.ToStatus(nls.Status) is not { } status)
                continue;
            var name = string.IsNullOrEmpty(nls.Spec?.NodeName) ? nls.Metadata.Name : nls.Spec.NodeName;
            var hostname = nodes.Get(name)?.Metadata.Labels?.TryGetValue(HostnameLabel, out var label) == true ? label : name;
            result.Add(ToNodeStorage(name, hostname, status));
        }
        return result.OrderBy(n => n.NodeName, StringComparer.Ordinal).ToList();
    }

    /// <summary>Only the filtered names are schedulable; their sizes come from nodeStorageInfo (crds.md §1.3).</summary>
    public static NodeStorage ToNodeStorage(string nodeName, string hostname, NodeStorageStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var info = status.Info;
        var pools = status.Filtered.VolumeGroups
            .Select(name => info.VolumeGroups.FirstOrDefault(v => v.Name == name))
            .OfType<VolumeGroupStatus>()
            .Select(vg => new VolumeGroupPool(vg.Name, vg.Total, vg.Allocatable))
            .ToImmutableArray();
        var devices = status.Filtered.Devices
            .Select(name => info.Devices.FirstOrDefault(d => d.Name == name))
            .OfType<DeviceStatus>()
            .Select(d => new ExclusiveDevice(d.Name, Media(d.MediaType), d.Total))
            .ToImmutableArray();
        var mountPoints = status.Filtered.MountPoints
            .Select(name => info.MountPoints.FirstOrDefault(m => m.Name == name))
            .OfType<MountPointStatus>()
            .Select(m => new MountPointPool(m.Name, Media(info.Devices.FirstOrDefault(d => d.Name == m.Device)?.MediaType), m.Total, m.FsType))
            .ToImmutableArray();
        return new NodeStorage(nodeName, hostname, pools, devices, mountPoints);
    }

    private static MediaType Media(string? text) => string.Equals(text, "ssd", StringComparison.OrdinalIgnoreCase) ? MediaType.Ssd : MediaType.Hdd;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        storages.Start();
        nodes.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await storages.DisposeAsync();
        await nodes.DisposeAsync();
    }
}
