using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Csi;

/// <summary>
/// Stand-ins for the agent/controller ports (NodeLocalStorage, NLSC, Nodes, Events) that the CSI
/// plugin never uses. The source-generated mediator builds every handler when it is first
/// resolved, so each port of the Application must be resolvable in every host; a real adapter
/// registered by the composition root wins over these (TryAdd). Any call is a wiring bug and says so.
/// </summary>
public sealed class ClusterPortsNotComposed : INodeLocalStorages, INodeStorageInitConfigs, IClusterNodes, IEventRecorder
{
    Task<NodeLocalStorageRecord?> INodeLocalStorages.FindAsync(string name, CancellationToken cancellationToken) => throw NotHere(nameof(INodeLocalStorages));
    Task<IReadOnlyList<string>> INodeLocalStorages.ListNamesAsync(CancellationToken cancellationToken) => throw NotHere(nameof(INodeLocalStorages));
    Task INodeLocalStorages.CreateAsync(NodeStorageSpec spec, StorageNodeOwner owner, CancellationToken cancellationToken) => throw NotHere(nameof(INodeLocalStorages));
    Task INodeLocalStorages.ReplaceSpecAsync(string name, NodeStorageSpec spec, CancellationToken cancellationToken) => throw NotHere(nameof(INodeLocalStorages));
    Task INodeLocalStorages.UpdateStatusAsync(string name, string resourceVersion, NodeStorageStatus status, CancellationToken cancellationToken) => throw NotHere(nameof(INodeLocalStorages));
    Task INodeLocalStorages.DeleteIfExistsAsync(string name, CancellationToken cancellationToken) => throw NotHere(nameof(INodeLocalStorages));
    Task<NodeStorageInitConfigRecord?> INodeStorageInitConfigs.FindAsync(string name, CancellationToken cancellationToken) => throw NotHere(nameof(INodeStorageInitConfigs));
    Task<ClusterNode?> IClusterNodes.FindAsync(string name, CancellationToken cancellationToken) => throw NotHere(nameof(IClusterNodes));
    Task<IReadOnlyList<ClusterNode>> IClusterNodes.ListAsync(CancellationToken cancellationToken) => throw NotHere(nameof(IClusterNodes));
    Task IEventRecorder.RecordAsync(EventSubject subject, EventSeverity severity, string reason, string message, CancellationToken cancellationToken) => throw NotHere(nameof(IEventRecorder));

    private static StorageException NotHere(string port) =>
        new(FailureKind.Unimplemented, $"{port} is not composed in the CSI plugin (it belongs to the agent/controller)");
}
