using System.Globalization;
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
using OpenLocal.Infrastructure.Commands;
using OpenLocal.Infrastructure.Device;
using OpenLocal.Infrastructure.Fake;
using OpenLocal.Infrastructure.Lvm;
using OpenLocal.Infrastructure.FileStore;

namespace OpenLocal.Cli.Commands.Csi;

/// <summary>
/// The composition root of <c>openlocal csi</c>: validates the settings and wires one backend
/// (ADR 0013). <c>fake</c> = in-memory node + file records + in-process provisioning; it needs no
/// root, no disks and no cluster.
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
        Action<IServiceCollection> backend = settings.Backend switch
        {
            "fake" => services => AddFakeBackend(services, settings),
            "lvm" => services => AddLvmBackend(services, settings),
            _ => throw StorageException.InvalidArgument($"--backend must be fake or lvm, not \"{settings.Backend}\""),
        };
        return CsiServer.Build(options, nodeOptions, backend, configureLogging);
    }

    private static void AddFakeBackend(IServiceCollection services, CsiSettings settings)
    {
        var stateDir = settings.StateDir ?? Directory.CreateTempSubdirectory("openlocal-csi-").FullName;
        services.AddFakeBackend(FakeBackendOptions.Default with { NodeName = settings.NodeId });
        // Registered after the fake's in-memory stores, so these win: records survive restarts.
        services.AddFileStore(stateDir);
        // Real publish targets only inside the state directory (ADR 0047): never a host path as root.
        services.AddSingleton<IMounts>(sp => new RealTargetMounts(sp.GetRequiredService<FakeMounts>(), stateDir));
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
