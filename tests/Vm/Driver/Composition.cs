using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Application;
using OpenLocal.Application.NodeVolumes;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Provisioning;
using OpenLocal.Infrastructure.Commands;
using OpenLocal.Infrastructure.Device;
using OpenLocal.Infrastructure.FileStore;
using OpenLocal.Infrastructure.Lvm;
using OpenLocal.Vm.Driver.Steps;

namespace OpenLocal.Vm.Driver;

/// <summary>
/// The standalone node the scenario drives: the Application use cases with the real adapters
/// (lvm2 with activation but no udev, mkfs/mount, cgroup v2 io.max) and file-backed records, with
/// the controller reaching the node in process (ADR 0032).
/// </summary>
internal static class Composition
{
    public static ServiceProvider Build(ScenarioSettings settings, DriverOptions options)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(new ConsoleLog(options.Verbose ? LogLevel.Debug : LogLevel.Information));
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));

        services.AddOpenLocalApplication();
        services.AddStandaloneProvisioning(new LocalStorageOptions { NodeName = settings.NodeName });
        services.AddNodeVolumes(new NodeIdentity(settings.NodeName), new NodePublishOptions { KubeletDir = settings.KubeletDirectory });
        services.AddProcessCommandRunner();
        services.AddLvmBackend(new LvmOptions { Activation = LvmActivationMode.NoUdev });
        services.AddDeviceBackend(new DeviceOptions { SysfsRoot = "/sys" });
        services.AddFileStore(settings.StateDirectory);
        RemoveOtherComponents(services);

        services.AddSingleton(settings);
        services.AddSingleton<ScenarioContext>();
        services.AddSingleton<IScenarioStep, SetupStep>();
        services.AddSingleton<IScenarioStep>(new FilesystemStep(1, "ext4", 256 * ScenarioContext.Mebibyte, 512 * ScenarioContext.Mebibyte));
        // mkfs.xfs refuses filesystems under 300 MB.
        services.AddSingleton<IScenarioStep>(new FilesystemStep(2, "xfs", 320 * ScenarioContext.Mebibyte, 640 * ScenarioContext.Mebibyte));
        services.AddSingleton<IScenarioStep, RawBlockStep>();
        services.AddSingleton<IScenarioStep, SnapshotStep>();
        services.AddSingleton<IScenarioStep, ThrottleStep>();
        services.AddSingleton<IScenarioStep, CleanupStep>();
        services.AddSingleton(provider => new ScenarioRunner(
            provider.GetRequiredService<ScenarioContext>(), provider.GetServices<IScenarioStep>(), options.ResultsFile, options.Deadline));
        // ValidateOnBuild: a composition gap fails at start-up, not as the first Send of some step.
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>
    /// The scenario sends only volume use cases. Handlers are resolved when their message is sent
    /// (ADR-0039), but <c>ValidateOnBuild</c> checks every registered one, so the agent's and
    /// controller's handlers, whose cluster ports this node does not have, are taken out of the
    /// container rather than given ports that pretend (as tests/Architecture.Tests' CompositionTests do).
    /// </summary>
    private static void RemoveOtherComponents(IServiceCollection services)
    {
        string[] components = ["OpenLocal.Application.Agent", "OpenLocal.Application.Controller"];
        foreach (var descriptor in services.Where(d => d.ImplementationType?.Namespace is { } ns && components.Any(c => ns.StartsWith(c, StringComparison.Ordinal))).ToList())
            services.Remove(descriptor);
    }
}
