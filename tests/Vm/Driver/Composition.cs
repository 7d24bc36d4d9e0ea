using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Application;
using OpenLocal.Vm.Driver.Steps;

namespace OpenLocal.Vm.Driver;

/// <summary>
/// The standalone node the scenario drives: the Application use cases with the real adapters
/// (lvm2 with activation, mkfs/mount, cgroup v2 io.max) and file-backed records, as the CSI node
/// and controller compose them, minus Kubernetes.
/// </summary>
internal static class Composition
{
    public static ServiceProvider Build(ScenarioSettings settings, string resultsFile, bool verbose)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(new ConsoleLog(verbose ? LogLevel.Debug : LogLevel.Information));
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddOpenLocalApplication();

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
            provider.GetRequiredService<ScenarioContext>(), provider.GetServices<IScenarioStep>(), resultsFile));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
