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
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<NodeStorageControllerService>();
        return services;
    }

    public static IServiceCollection AddNodeStorageAgent(this IServiceCollection services, AgentSettings settings, AgentHostOptions options)
    {
        services.AddSingleton(settings);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VolumeGroupReport>();
        services.TryAddSingleton<NodeStorageDiscovery>();
        services.TryAddSingleton<VolumeGroupInitializer>();
        services.TryAddSingleton<MountPointInitializer>();
        services.AddHostedService<NodeStorageAgentService>();
        return services;
    }
}
