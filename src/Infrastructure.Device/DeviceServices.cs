using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Device;

/// <summary>
/// Registers the device adapters (IBlockDevices, IFilesystems, IMounts, IIoThrottles, IBlockCopier, IMountPointContents). The host registers an
/// ICommandRunner (with the host-namespace prefix when it runs in a container).
/// </summary>
public static class DeviceServices
{
    public static IServiceCollection AddDeviceBackend(this IServiceCollection services, DeviceOptions? options = null)
    {
        services.TryAddSingleton(options ?? new DeviceOptions());
        services.TryAddSingleton<DeviceTools>();
        services.Scan(scan => scan
            .FromAssemblyOf<DeviceTools>()
            .AddClasses(classes => classes.Where(type => PortsOf(type).Any()))
            .As(PortsOf)
            .WithSingletonLifetime());
        return services;
    }

    private static IEnumerable<Type> PortsOf(Type type) =>
        type.GetInterfaces().Where(i => i.Namespace == typeof(ICommandRunner).Namespace);
}
