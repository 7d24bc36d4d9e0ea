using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application;
using OpenLocal.Application.Ports;
using OpenLocal.Infrastructure.Fake;

namespace OpenLocal.Architecture.Tests;

/// <summary>The standalone composition (`dev --backend fake`) builds with every dependency resolvable.</summary>
public sealed class CompositionTests
{
    [Fact]
    public void The_application_on_the_fake_backend_composes_with_validation_on_build()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOpenLocalApplication();
        services.AddStandaloneProvisioning();
        services.AddFakeBackend();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<IMediator>());
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
}
