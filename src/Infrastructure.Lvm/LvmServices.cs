using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Lvm;

/// <summary>Registers the lvm2 adapters (ILogicalVolumes, IVolumeGroups). The host registers an ICommandRunner.</summary>
public static class LvmServices
{
    public static IServiceCollection AddLvmBackend(this IServiceCollection services, LvmOptions? options = null)
    {
        services.TryAddSingleton(options ?? new LvmOptions());
        services.TryAddSingleton<LvmCommands>();
        services.TryAddSingleton<DeviceSignatures>();
        // Every adapter of this assembly is registered as the Application ports it implements.
        services.Scan(scan => scan
            .FromAssemblyOf<LvmCommands>()
            .AddClasses(classes => classes.Where(type => PortsOf(type).Any()))
            .As(PortsOf)
            .WithSingletonLifetime());
        return services;
    }

    private static IEnumerable<Type> PortsOf(Type type) =>
        type.GetInterfaces().Where(i => i.Namespace == typeof(ICommandRunner).Namespace);
}
