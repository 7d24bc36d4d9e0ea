using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>Registers the fake node: one <see cref="FakeMachine"/> behind every storage port, plus in-memory record stores.</summary>
public static class FakeBackend
{
    public static IServiceCollection AddFakeBackend(this IServiceCollection services, FakeBackendOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(options ?? FakeBackendOptions.Default);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FakeMachine(sp.GetRequiredService<FakeBackendOptions>(), sp.GetRequiredService<TimeProvider>()));

        // Each fake is registered as itself (tests reach its Faults) and as its port.
        AddPort<ILogicalVolumes, FakeLogicalVolumes>(services);
        AddPort<IVolumeGroups, FakeVolumeGroups>(services);
        AddPort<IBlockDevices, FakeBlockDevices>(services);
        AddPort<IFilesystems, FakeFilesystems>(services);
        AddPort<IMounts, FakeMounts>(services);
        AddPort<IBlockCopier, FakeBlockCopier>(services);
        AddPort<IMountPointContents, FakeMountPointContents>(services);
        AddPort<IIoThrottles, FakeIoThrottles>(services);
        AddPort<IVolumeStore, FakeVolumeStore>(services);
        AddPort<ISnapshotStore, FakeSnapshotStore>(services);
        return services;
    }

    private static void AddPort<TPort, TFake>(IServiceCollection services)
        where TPort : class
        where TFake : class, TPort
    {
        services.AddSingleton<TFake>();
        services.AddSingleton<TPort>(sp => sp.GetRequiredService<TFake>());
    }
}
