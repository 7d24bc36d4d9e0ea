using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Cli.Commands.Csi;

namespace OpenLocal.Hosts.Csi.Tests.Units;

/// <summary>
/// <c>openlocal csi --backend lvm</c> serves copy restores and MountPoint clean-up with the device
/// adapters (dd with O_DIRECT, emptying a mounted directory), not with a stand-in that refuses.
/// </summary>
public sealed class LvmBackendCompositionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("olcsi-lvm-").FullName;

    [Fact]
    public async Task The_lvm_backend_copies_blocks_and_empties_mount_points_with_the_device_adapters()
    {
        var settings = new CsiSettings
        {
            Endpoint = "unix://" + Path.Combine(_dir, "csi.sock"),
            NodeId = "node-1",
            Backend = "lvm",
            StateDir = Path.Combine(_dir, "state"),
            KubeletDir = Path.Combine(_dir, "kubelet"),
        };

        await using var app = CsiPlugin.Build(settings, logging => logging.ClearProviders());

        Assert.Equal("OpenLocal.Infrastructure.Device.Copying.DirectBlockCopier", app.Services.GetRequiredService<IBlockCopier>().GetType().FullName);
        Assert.Equal("OpenLocal.Infrastructure.Device.Mounts.MountPointContents", app.Services.GetRequiredService<IMountPointContents>().GetType().FullName);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
