using System.Globalization;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Application;
using OpenLocal.Application.NodeVolumes;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Provisioning;
using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Csi;
using OpenLocal.Hosts.Reconcilers;
using OpenLocal.Infrastructure.Commands;
using OpenLocal.Infrastructure.Device;
using OpenLocal.Infrastructure.Fake;
using OpenLocal.Infrastructure.Lvm;
using OpenLocal.Infrastructure.FileStore;
using OpenLocal.Infrastructure.Kubernetes.Volumes;

namespace OpenLocal.Cli.Commands.Csi;

/// <summary>
/// The composition root of <c>openlocal csi</c>: validates the settings and wires one backend
/// (ADR 0013). <c>fake</c> = in-memory node + file records + in-process provisioning; it needs no
/// root, no disks and no cluster. Controller and node modes with a Kubernetes API compose the cluster
/// path instead (<see cref="AddCluster"/>).
/// </summary>
public static class CsiPlugin
{
    public static WebApplication Build(CsiSettings settings, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.NodeId))
            throw StorageException.InvalidArgument("--node-id must not be empty");
        var options = new CsiPluginOptions
        {
            Endpoint = CsiEndpoint.Parse(settings.Endpoint),
            NodeId = settings.NodeId,
            Mode = ParseMode(settings.Mode),
            DriverName = settings.DriverName,
            MaxVolumesPerNode = ParseMaxVolumes(settings.MaxVolumesPerNode),
            VendorVersion = VersionCommand.Current,
        };
        var nodeOptions = new NodePublishOptions { KubeletDir = settings.KubeletDir, DoubleCheckMount = settings.DoubleCheckMount };
        if (settings.Backend is not ("fake" or "lvm"))
            throw StorageException.InvalidArgument($"--backend must be fake or lvm, not \"{settings.Backend}\"");
        Action<IServiceCollection> backend = IsCluster(settings, options.Mode)
            ? services => AddCluster(services, settings, options.Mode)
            : settings.Backend == "fake" ? services => AddFakeBackend(services, settings) : services => AddLvmBackend(services, settings);
        return CsiServer.Build(options, nodeOptions, backend, configureLogging);
    }

    /// <summary>
    /// Controller and node modes with a Kubernetes API (flags or in-cluster) join through LocalVolume objects
    /// (issue 14); <c>--mode all</c>, and any mode without an API, keep the standalone file store.
    /// </summary>
    private static bool IsCluster(CsiSettings settings, CsiMode mode) =>
        mode != CsiMode.All
        && (!string.IsNullOrEmpty(settings.Kubeconfig) || !string.IsNullOrEmpty(settings.Master) || KubernetesClientConfiguration.IsInCluster());

    /// <summary>
    /// Records are LocalVolume/LocalSnapshot objects read through watch-fed caches (ADR-0054). The controller places on
    /// any node from the NodeLocalStorage inventory and waits on the watch for the node (ADR-0055); a node reconciles
    /// its own objects with the chosen backend (ADR-0056). Probe is ready once every cache has synced (csi.md §9).
    /// </summary>
    private static void AddCluster(IServiceCollection services, CsiSettings settings, CsiMode mode)
    {
        var client = KubernetesAccess.Connect(settings.Kubeconfig, settings.Master);
        var controller = mode == CsiMode.Controller;
        services.AddSingleton(client);
        services.AddSingleton(sp => new ClusterRecords(
            client, controller ? RecordScope.Controller : RecordScope.Node(settings.NodeId), sp.GetService<ILogger<ClusterRecords>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterRecords>());
        services.AddSingleton<IVolumeStore>(sp => new KubernetesVolumeStore(sp.GetRequiredService<ClusterRecords>()));
        services.AddSingleton<ISnapshotStore>(sp => new KubernetesSnapshotStore(sp.GetRequiredService<ClusterRecords>()));
        if (controller)
        {
            services.AddSingleton(sp => new ClusterStorageInventory(client, sp.GetService<ILogger<ClusterStorageInventory>>()));
            services.AddHostedService(sp => sp.GetRequiredService<ClusterStorageInventory>());
            services.AddSingleton<IStorageInventory>(sp => sp.GetRequiredService<ClusterStorageInventory>());
            services.AddSingleton(new ClusterProvisioningOptions());
            services.AddSingleton<IVolumeProvisioning, KubernetesVolumeProvisioning>();
            services.AddSingleton<IBackendProbe>(sp => new ClusterReadinessProbe(sp.GetRequiredService<ClusterRecords>(), sp.GetRequiredService<ClusterStorageInventory>()));
        }
        else
        {
            services.AddSingleton<IRecordChanges>(sp => sp.GetRequiredService<ClusterRecords>());
            services.AddHostedService<LocalVolumeReconcileService>();
            services.AddSingleton<IBackendProbe>(sp => new ClusterReadinessProbe(sp.GetRequiredService<ClusterRecords>(), null));
        }
        // The node's storage ports (a controller composes them too, so every handler's dependencies resolve, ADR-0039).
        if (settings.Backend == "fake")
        {
            services.AddFakeBackend(FakeBackendOptions.Default with { NodeName = settings.NodeId });
            services.AddSingleton<IMounts>(sp => new RealTargetMounts(sp.GetRequiredService<FakeMounts>()));
            services.AddSingleton(new PlacementOptions { Strategy = ParseStrategy(settings.SchedulerStrategy), DefaultVolumeType = VolumeType.LVM });
        }
        else
        {
            services.AddProcessCommandRunner();
            services.AddLvmBackend();
            services.AddDeviceBackend(new DeviceOptions
            {
                SysfsRoot = settings.SysfsRoot,
                CgroupDriver = settings.CgroupDriver == "cgroupfs" ? CgroupDriver.Cgroupfs : CgroupDriver.Systemd,
            });
            services.AddSingleton(new PlacementOptions { Strategy = ParseStrategy(settings.SchedulerStrategy) });
        }
        // A node serves no controller RPC; these only complete the handlers' dependencies there (TryAdd: the controller's win).
        services.AddStandaloneProvisioning(new LocalStorageOptions { NodeName = settings.NodeId });
    }

    private static void AddFakeBackend(IServiceCollection services, CsiSettings settings)
    {
        var stateDir = settings.StateDir ?? Directory.CreateTempSubdirectory("openlocal-csi-").FullName;
        services.AddFakeBackend(FakeBackendOptions.Default with { NodeName = settings.NodeId });
        // Registered after the fake's in-memory stores, so these win: records survive restarts.
        services.AddFileStore(stateDir);
        services.AddSingleton<IMounts>(sp => new RealTargetMounts(sp.GetRequiredService<FakeMounts>()));
        // A generic CSI suite sends no StorageClass parameters: the fake node defaults to LVM (ADR-0013).
        services.AddSingleton(new PlacementOptions { Strategy = ParseStrategy(settings.SchedulerStrategy), DefaultVolumeType = VolumeType.LVM });
        services.AddStandaloneProvisioning(new LocalStorageOptions { NodeName = settings.NodeId });
    }

    /// <summary>The node's real storage: lvm2, block devices, mounts, cgroup throttling; records under the state directory.</summary>
    private static void AddLvmBackend(IServiceCollection services, CsiSettings settings)
    {
        var stateDir = settings.StateDir ?? Path.Combine(settings.KubeletDir, "plugins", settings.DriverName, "state");
        services.AddProcessCommandRunner();
        services.AddLvmBackend();
        services.AddDeviceBackend(new DeviceOptions
        {
            SysfsRoot = settings.SysfsRoot,
            CgroupDriver = settings.CgroupDriver == "cgroupfs" ? CgroupDriver.Cgroupfs : CgroupDriver.Systemd,
        });
        services.AddFileStore(stateDir);
        services.AddSingleton(new PlacementOptions { Strategy = ParseStrategy(settings.SchedulerStrategy) });
        services.AddStandaloneProvisioning(new LocalStorageOptions { NodeName = settings.NodeId });
    }

    private static PlacementStrategy ParseStrategy(string strategy) => strategy switch
    {
        "binpack" => PlacementStrategy.Binpack,
        "spread" => PlacementStrategy.Spread,
        _ => throw StorageException.InvalidArgument($"--scheduler-strategy must be binpack or spread, not \"{strategy}\""),
    };

    private static CsiMode ParseMode(string mode) => mode switch
    {
        "all" => CsiMode.All,
        "controller" => CsiMode.Controller,
        "node" => CsiMode.Node,
        _ => throw StorageException.InvalidArgument($"--mode must be all, controller or node, not \"{mode}\""),
    };

    /// <summary>csi.md §1: 0..1024, default 64; an invalid value fails start-up.</summary>
    private static long ParseMaxVolumes(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return 64;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 1024)
            throw StorageException.InvalidArgument($"MAX_VOLUMES_PERNODE must be an integer 0..1024, not \"{text}\"");
        return value;
    }
}
