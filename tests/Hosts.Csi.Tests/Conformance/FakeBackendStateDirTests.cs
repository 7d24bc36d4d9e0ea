using Csi.V1;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>
/// Issue 19 item 2, ADR 0047: <c>--backend fake</c> as the README runs it (kubelet dir outside the
/// state dir, like the default /var/lib/kubelet) creates and deletes nothing outside its state
/// directory; publish targets there exist in memory only. The "kubelet dir" is a temporary one.
/// </summary>
public sealed class FakeBackendStateDirTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("olcsi-fake-").FullName;
    private RunningPlugin? _plugin;

    private string KubeletDir => Path.Combine(_root, "kubelet");

    public async Task InitializeAsync() => _plugin = await RunningPlugin.StartAsync(_root, ownsDirectory: true, kubeletDir: KubeletDir);

    public async Task DisposeAsync()
    {
        if (_plugin is not null)
            await _plugin.DisposeAsync();
    }

    [Fact]
    public async Task Publishing_under_a_kubelet_dir_outside_the_state_dir_touches_only_the_state_dir()
    {
        var plugin = _plugin!;
        var mount = (await plugin.Controller.CreateVolumeAsync(CreateLvm("vol-fs"))).Volume;
        var block = (await plugin.Controller.CreateVolumeAsync(CreateLvm("vol-block", GiB, BlockCapability()))).Volume;
        var fsTarget = plugin.TargetPath("vol-fs");
        var blockTarget = Path.Combine(KubeletDir, "plugins", "kubernetes.io", "csi", "volumeDevices", "publish", "vol-block", RunningPlugin.PodUid);

        await plugin.Node.NodePublishVolumeAsync(Publish(mount.VolumeId, fsTarget, mount.VolumeContext));
        await plugin.Node.NodePublishVolumeAsync(Publish(block.VolumeId, blockTarget, block.VolumeContext, BlockCapability()));
        var stats = await plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = mount.VolumeId, VolumePath = fsTarget });

        Assert.NotEmpty(stats.Usage);
        Assert.False(Directory.Exists(KubeletDir), "no real publish target outside the state directory");
        Assert.Equal(new[] { plugin.SocketPath, plugin.StateDir }, Directory.EnumerateFileSystemEntries(_root).Order(StringComparer.Ordinal).ToArray());

        await plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = mount.VolumeId, TargetPath = fsTarget });
        await plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = block.VolumeId, TargetPath = blockTarget });
        await AssertGone(plugin, mount.VolumeId, fsTarget);
    }

    private static async Task AssertGone(RunningPlugin plugin, string volumeId, string target)
    {
        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = volumeId, VolumePath = target }));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, error.StatusCode);
    }
}
