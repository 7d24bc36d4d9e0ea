using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Agent;
using OpenLocal.Application.Agent.InitializeNodeStorage;
using OpenLocal.Application.Agent.RefreshNodeStorage;
using OpenLocal.Application.Controller;
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

/// <summary>Makes the agent/controller use cases constructible in the CSI plugin (see <see cref="ClusterPortsNotComposed"/>).</summary>
public static class UnsentUseCases
{
    public static IServiceCollection AddUseCasesTheCsiPluginNeverSends(this IServiceCollection services)
    {
        services.TryAddSingleton<ClusterPortsNotComposed>();
        services.TryAddSingleton<INodeLocalStorages>(sp => sp.GetRequiredService<ClusterPortsNotComposed>());
        services.TryAddSingleton<INodeStorageInitConfigs>(sp => sp.GetRequiredService<ClusterPortsNotComposed>());
        services.TryAddSingleton<IClusterNodes>(sp => sp.GetRequiredService<ClusterPortsNotComposed>());
        services.TryAddSingleton<IEventRecorder>(sp => sp.GetRequiredService<ClusterPortsNotComposed>());
        services.TryAddSingleton(ControllerSettings.Default);
        services.TryAddSingleton(AgentSettings.Default);
        services.TryAddSingleton<VolumeGroupReport>();
        services.TryAddSingleton<NodeStorageDiscovery>();
        services.TryAddSingleton<VolumeGroupInitializer>();
        services.TryAddSingleton<MountPointInitializer>();
        return services;
    }
}
