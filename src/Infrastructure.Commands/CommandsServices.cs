using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Commands;

/// <summary>Registers the real <see cref="ICommandRunner"/> (hosts that talk to the node's tools).</summary>
public static class CommandsServices
{
    public static IServiceCollection AddProcessCommandRunner(this IServiceCollection services, ProcessCommandRunnerOptions? options = null)
    {
        services.TryAddSingleton(options ?? new ProcessCommandRunnerOptions());
        services.TryAddSingleton<ICommandRunner, ProcessCommandRunner>();
        return services;
    }
}
