using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Pipeline;

namespace OpenLocal.Application;

/// <summary>Registers the use cases, their validators and the pipeline. Ports are the host's business.</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddOpenLocalApplication(this IServiceCollection services)
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
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
