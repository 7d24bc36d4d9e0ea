using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>
/// Registers the fake node: one <see cref="FakeMachine"/> behind every storage port, plus in-memory
/// record stores. Ports a host registered before are kept (TryAdd), so a host can mix real and fake adapters.
/// </summary>
public static class FakeBackend
{
    public static IServiceCollection AddFakeBackend(this IServiceCollection services, FakeBackendOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(options ?? FakeBackendOptions.Default);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new FakeMachine(sp.GetRequiredService<FakeBackendOptions>(), sp.GetRequiredService<TimeProvider>()));

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

    /// <summary>
    /// In-memory NodeLocalStorage and NodeLocalStorageInitConfig objects for the controller and agent
    /// use cases when there is no API server (unit tests, a `dev` without Kubernetes). Separate from
    /// <see cref="AddFakeBackend"/> because hosts that use the fake disks still talk to a real cluster.
    /// </summary>
    public static IServiceCollection AddFakeNodeStorageObjects(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddPort<INodeLocalStorages, FakeNodeLocalStorages>(services);
        AddPort<INodeStorageInitConfigs, FakeNodeStorageInitConfigs>(services);
        return services;
    }

    private static void AddPort<TPort, TFake>(IServiceCollection services)
        where TPort : class
        where TFake : class, TPort
    {
        services.TryAddSingleton<TFake>();
        services.TryAddSingleton<TPort>(sp => sp.GetRequiredService<TFake>());
    }
}
