using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Capacity;
using OpenLocal.Application.Pipeline;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Provisioning;

namespace OpenLocal.Application;

/// <summary>Registers the use cases, their validators and the pipeline. Ports are the host's business.</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddOpenLocalApplication(this IServiceCollection services, PlacementOptions? placement = null)
    {
        // The pipeline order lives here and only here: logging → validation → per-volume lock.
        services.AddMediator(options =>
        {
            options.Namespace = "OpenLocal.Application.Mediator";
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(VolumeLockBehavior<,>),
            ];
        });
        services.AddValidatorsFromAssembly(typeof(ApplicationServices).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.TryAddSingleton<OperationLocks>();
        services.TryAddSingleton<NodeLocks>();
        services.TryAddSingleton<CapacityLedgerView>();
        services.TryAddSingleton(placement ?? new PlacementOptions());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Standalone composition (no cluster): the node's storage comes from the local backends and
    /// the controller reaches the node in process. Hosts in a cluster register their own
    /// <see cref="IStorageInventory"/> and <see cref="IVolumeProvisioning"/> instead.
    /// </summary>
    public static IServiceCollection AddStandaloneProvisioning(this IServiceCollection services, LocalStorageOptions? options = null)
    {
        services.TryAddSingleton(options ?? new LocalStorageOptions());
        services.TryAddSingleton<IStorageInventory, LocalStorageInventory>();
        services.TryAddSingleton<IVolumeProvisioning, InProcessVolumeProvisioning>();
        return services;
    }
}
