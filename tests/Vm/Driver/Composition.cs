using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenLocal.Application;
using OpenLocal.Application.Agent;
using OpenLocal.Application.Agent.InitializeNodeStorage;
using OpenLocal.Application.Agent.RefreshNodeStorage;
using OpenLocal.Application.Controller;
using OpenLocal.Application.NodeVolumes;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Provisioning;
using OpenLocal.Infrastructure.Commands;
using OpenLocal.Infrastructure.Device;
using OpenLocal.Infrastructure.Fake;
using OpenLocal.Infrastructure.FileStore;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;
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
    /// <summary>Never contacted: see <see cref="AddPortsTheScenarioNeverCalls"/>.</summary>
    private const string UnreachableApiServer = "http://127.0.0.1:9";

    public static ServiceProvider Build(ScenarioSettings settings, string resultsFile, bool verbose)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(new ConsoleLog(verbose ? LogLevel.Debug : LogLevel.Information));
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));

        services.AddOpenLocalApplication();
        services.AddStandaloneProvisioning(new LocalStorageOptions { NodeName = settings.NodeName });
        services.AddNodeVolumes(new NodeIdentity(settings.NodeName), new NodePublishOptions { KubeletDir = settings.KubeletDirectory });
        services.AddProcessCommandRunner();
        services.AddLvmBackend(new LvmOptions { Activation = LvmActivationMode.NoUdev });
        services.AddDeviceBackend(new DeviceOptions { SysfsRoot = "/sys" });
        services.AddFileStore(settings.StateDirectory);
        AddPortsTheScenarioNeverCalls(services, settings);

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
        // ValidateOnBuild: a composition gap fails at start-up, not as the first Send of some step.
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>
    /// The source-generated mediator builds every handler of the Application when it is first used
    /// (singleton lifetime), including the agent's and controller's, so their ports must be
    /// resolvable although no step sends those requests: the agent's and controller's collaborators
    /// with their default settings; the cluster ports are the Kubernetes
    /// adapters against an API server that is never contacted, and the ports of features this tier
    /// does not cover (copy restore, MountPoint volumes) fall back to the in-memory fakes only when
    /// no real adapter registered them. Every step checks the real node itself, so a use case that
    /// reached one of these would fail its step.
    /// </summary>
    private static void AddPortsTheScenarioNeverCalls(IServiceCollection services, ScenarioSettings settings)
    {
        services.TryAddSingleton<IKubernetes>(_ => new Kubernetes(new KubernetesClientConfiguration { Host = UnreachableApiServer }));
        services.AddKubernetesReconcilerAdapters("openlocal-vm-driver");
        services.AddKubernetesLeaderElection("default", "openlocal-vm-driver");
        services.TryAddSingleton(_ => new FakeMachine(FakeBackendOptions.Default with { NodeName = settings.NodeName }));
        services.TryAddSingleton<IBlockCopier, FakeBlockCopier>();
        services.TryAddSingleton<IMountPointContents, FakeMountPointContents>();
        // The agent's and controller's own collaborators, as their hosts register them (Hosts.Reconcilers).
        services.TryAddSingleton(AgentSettings.Default);
        services.TryAddSingleton(ControllerSettings.Default);
        services.TryAddSingleton<VolumeGroupReport>();
        services.TryAddSingleton<NodeStorageDiscovery>();
        services.TryAddSingleton<VolumeGroupInitializer>();
        services.TryAddSingleton<MountPointInitializer>();
    }
}
