using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>
/// Nodes, NodeLocalStorages and NLSCs as <see cref="StorageChange"/>s: callbacks over one
/// <see cref="Informer{T}"/> per watch (ADR-0023; issue 14 "One way to watch"). The informer's first
/// list gives an Added per object; it re-watches after a dropped connection, and after 410 Gone it
/// relists and raises what vanished as Deleted, so no delete is missed. A name is a server-side
/// field selector.
/// </summary>
public sealed class KubernetesStorageChanges(IKubernetes client, ILogger<KubernetesStorageChanges> logger) : IStorageChanges
{
    public IAsyncEnumerable<StorageChange> WatchAsync(WatchedKind kind, string? name, CancellationToken cancellationToken) => kind switch
    {
        WatchedKind.Node => WatchAsync<V1Node>(kind, name, cancellationToken),
        WatchedKind.NodeLocalStorage => WatchAsync<NodeLocalStorage>(kind, name, cancellationToken),
        WatchedKind.InitConfig => WatchAsync<NodeLocalStorageInitConfig>(kind, name, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a watched kind"),
    };

    private async IAsyncEnumerable<StorageChange> WatchAsync<T>(WatchedKind kind, string? name, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        // The informer's callbacks run one at a time on its loop; the channel hands them to the reader in order.
        var changes = Channel.CreateUnbounded<StorageChange>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        await using var informer = new Informer<T>(new ResourceClient<T>(client), new InformerOptions
        {
            FieldSelector = name is null ? null : $"metadata.name={name}",
            Logger = logger,
        });
        informer.OnAdd = obj => changes.Writer.TryWrite(Change(kind, ChangeType.Added, obj));
        informer.OnUpdate = (_, obj) => changes.Writer.TryWrite(Change(kind, ChangeType.Modified, obj));
        informer.OnDelete = obj => changes.Writer.TryWrite(Change(kind, ChangeType.Deleted, obj));
        informer.Start();
        await foreach (var change in changes.Reader.ReadAllAsync(cancellationToken))
            yield return change;
    }

    private static StorageChange Change<T>(WatchedKind kind, ChangeType type, T obj)
        where T : IKubernetesObject<V1ObjectMeta> =>
        new(kind, type, obj.Metadata.Name, obj.Metadata.Generation ?? 0);
}
