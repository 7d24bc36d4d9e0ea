using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Agent;
using OpenLocal.Application.Agent.InitializeNodeStorage;
using OpenLocal.Application.Agent.RefreshNodeStorage;
using OpenLocal.Application.Controller;

namespace OpenLocal.Hosts.Reconcilers;

/// <summary>Registers the two loops. The ports (Kubernetes adapters, storage backend) are the composing host's choice.</summary>
public static class ReconcilerServices
{
    public static IServiceCollection AddNodeStorageController(this IServiceCollection services, ControllerSettings settings, ControllerHostOptions options)
    {
        services.AddSingleton(settings);
        services.AddSingleton(options);
        services.AddNodeStorageCollaborators();
        services.AddHostedService<NodeStorageControllerService>();
        return services;
    }

    public static IServiceCollection AddNodeStorageAgent(this IServiceCollection services, AgentSettings settings, AgentHostOptions options)
    {
        services.AddSingleton(settings);
        services.AddSingleton(options);
        services.AddNodeStorageCollaborators();
        services.AddHostedService<NodeStorageAgentService>();
        return services;
    }

    /// <summary>
    /// The collaborators of both loops' handlers. Mediator 3 builds every handler of the Application
    /// on the first Send, so a process running one loop must still be able to construct the other's
    /// handlers: settings it does not use get their defaults.
    /// </summary>
    public static IServiceCollection AddNodeStorageCollaborators(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ControllerSettings.Default);
        services.TryAddSingleton(AgentSettings.Default);
        services.TryAddSingleton<VolumeGroupReport>();
        services.TryAddSingleton<NodeStorageDiscovery>();
        services.TryAddSingleton<VolumeGroupInitializer>();
        services.TryAddSingleton<MountPointInitializer>();
        return services;
    }
}
