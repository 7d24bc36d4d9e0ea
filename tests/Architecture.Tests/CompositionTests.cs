using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application;
using OpenLocal.Application.NodeVolumes;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Volumes;
using OpenLocal.Application.Volumes.CreateVolume;
using OpenLocal.Infrastructure.Fake;

namespace OpenLocal.Architecture.Tests;

/// <summary>
/// The standalone volume composition (`dev --backend fake`: CSI controller and node in one process)
/// builds with ValidateOnBuild, so a volume use case whose port nobody provides fails here, not at
/// the first RPC. The agent and controller loops are composed by their own hosts with cluster ports
/// (tests/Hosts.Reconcilers.Tests), so their handlers are left out of this container.
/// </summary>
public sealed class CompositionTests
{
    private static readonly string[] OtherComponents = ["OpenLocal.Application.Agent", "OpenLocal.Application.Controller"];

    private static ServiceProvider Compose()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOpenLocalApplication();
        services.AddStandaloneProvisioning();
        services.AddNodeVolumes(new NodeIdentity("node-1"), new NodePublishOptions());
        services.AddFakeBackend();

        var loops = services.Where(d => d.ImplementationType?.Namespace is { } ns && OtherComponents.Any(c => ns.StartsWith(c, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(loops);
        foreach (var descriptor in loops)
            services.Remove(descriptor);

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void The_application_on_the_fake_backend_composes_with_validation_on_build()
    {
        using var provider = Compose();

        foreach (var port in new[]
        {
            typeof(ILogicalVolumes), typeof(IVolumeGroups), typeof(IBlockDevices), typeof(IFilesystems), typeof(IMounts),
            typeof(IIoThrottles), typeof(IVolumeStore), typeof(ISnapshotStore), typeof(IBlockCopier), typeof(IMountPointContents),
            typeof(IStorageInventory), typeof(IVolumeProvisioning),
        })
        {
            Assert.NotNull(provider.GetRequiredService(port));
        }
        Assert.Same(provider.GetRequiredService<ILogicalVolumes>(), provider.GetRequiredService<FakeLogicalVolumes>());
    }

    [Fact]
    public async Task The_composed_container_provisions_a_volume_end_to_end()
    {
        using var provider = Compose();
        var mediator = provider.GetRequiredService<IMediator>();

        var result = await mediator.Send(new CreateVolumeCommand(
            "local-1", 1L << 30, 0, [VolumeCapability.Mount("ext4")], new Dictionary<string, string> { ["volumeType"] = "LVM" }, [], []));

        Assert.Equal("open-local-pool-0", result.Context["vgName"]);
        Assert.Single(provider.GetRequiredService<FakeMachine>().LogicalVolumesOf("open-local-pool-0"));
    }

    [Fact]
    public void The_fake_backend_keeps_ports_a_host_registered_first()
    {
        var services = new ServiceCollection();
        var store = new FakeVolumeStore();
        services.AddSingleton<IVolumeStore>(store);
        services.AddFakeBackend();
        services.AddFakeNodeStorageObjects();

        using var provider = services.BuildServiceProvider();

        Assert.Same(store, provider.GetRequiredService<IVolumeStore>());
        Assert.IsType<FakeNodeLocalStorages>(provider.GetRequiredService<INodeLocalStorages>());
        Assert.IsType<FakeNodeStorageInitConfigs>(provider.GetRequiredService<INodeStorageInitConfigs>());
    }
}
