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
using OpenLocal.Hosts.Csi.Metrics;
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
            Metrics = MetricsAddress.Parse(settings.MetricsAddress),
        };
        var nodeOptions = new NodePublishOptions { KubeletDir = settings.KubeletDir, DoubleCheckMount = settings.DoubleCheckMount };
        if (settings.Backend is not ("fake" or "lvm"))
            throw StorageException.InvalidArgument($"--backend must be fake or lvm, not \"{settings.Backend}\"");
        var cluster = IsCluster(settings);
        var stateDir = settings.StateDir ?? (settings.Backend == "fake"
            ? Directory.CreateTempSubdirectory("openlocal-csi-").FullName
            : Path.Combine(settings.KubeletDir, "plugins", settings.DriverName, "state"));
        return CsiServer.Build(options, nodeOptions, services =>
        {
            AddNodeStorage(services, settings, stateDir);
            // Registered after the node storage (the fake's in-memory stores), so these records win.
            if (cluster)
                AddCluster(services, settings, options.Mode);
            else
                services.AddFileStore(stateDir);
            // Standalone: the node's own storage and in-process provisioning. In a cluster these only complete the
            // handlers' dependencies where AddCluster registered nothing (TryAdd; ADR-0039).
            services.AddStandaloneProvisioning(new LocalStorageOptions { NodeName = settings.NodeId });
        }, configureLogging);
    }

    /// <summary>
    /// Controller and node modes with a Kubernetes API (flags or in-cluster) join through LocalVolume objects
    /// (issue 14); <c>--mode all</c>, and any mode without an API, keep the standalone file store.
    /// </summary>
    public static bool IsCluster(CsiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ParseMode(settings.Mode) != CsiMode.All
            && (!string.IsNullOrEmpty(settings.Kubeconfig) || !string.IsNullOrEmpty(settings.Master) || KubernetesClientConfiguration.IsInCluster());
    }

    /// <summary>
    /// Records are LocalVolume/LocalSnapshot objects read through watch-fed caches (ADR-0054). The controller places on
    /// any node from the NodeLocalStorage inventory and waits on the watch for the node (ADR-0055); a node reconciles
    /// its own objects with the chosen backend (ADR-0056). Probe is ready once every cache has synced (csi.md §9).
    /// </summary>
    private static void AddCluster(IServiceCollection services, CsiSettings settings, CsiMode mode)
    {
        // Reachability was checked by the command (KubernetesAccess.ConnectAsync); building the client is offline.
        var client = new k8s.Kubernetes(KubernetesAccess.Configure(settings.Kubeconfig, settings.Master));
        var controller = mode == CsiMode.Controller;
        services.AddSingleton<IKubernetes>(client);
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
    }

    /// <summary>
    /// The node's storage ports (a controller composes them too, so every handler's dependencies resolve, ADR-0039):
    /// <c>fake</c> = the in-memory node, whose real publish targets stay inside the state directory (ADR 0047), and
    /// which defaults to LVM because a generic CSI suite sends no StorageClass parameters (ADR-0013); <c>lvm</c> =
    /// lvm2, block devices, mounts and cgroup throttling.
    /// </summary>
    private static void AddNodeStorage(IServiceCollection services, CsiSettings settings, string stateDir)
    {
        var strategy = ParseStrategy(settings.SchedulerStrategy);
        if (settings.Backend == "fake")
        {
            services.AddFakeBackend(FakeBackendOptions.Default with { NodeName = settings.NodeId });
            services.AddSingleton<IMounts>(sp => new RealTargetMounts(sp.GetRequiredService<FakeMounts>(), stateDir));
            services.AddSingleton(new PlacementOptions { Strategy = strategy, DefaultVolumeType = VolumeType.LVM });
            return;
        }
        services.AddProcessCommandRunner();
        services.AddLvmBackend();
        services.AddDeviceBackend(new DeviceOptions
        {
            SysfsRoot = settings.SysfsRoot,
            CgroupDriver = settings.CgroupDriver == "cgroupfs" ? CgroupDriver.Cgroupfs : CgroupDriver.Systemd,
        });
        services.AddSingleton(new PlacementOptions { Strategy = strategy });
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
