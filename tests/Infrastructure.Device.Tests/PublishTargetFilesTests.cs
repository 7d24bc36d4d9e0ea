using System.Net.Sockets;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Device.Mounts;
using OpenLocal.Infrastructure.Fake.Commands;

namespace OpenLocal.Infrastructure.Device.Tests;

/// <summary>
/// Issue 19: the node plugin runs as root, so an unmounted target is removed only when it is what a
/// publish creates. Every file here lives in a temporary directory.
/// </summary>
public sealed class PublishTargetFilesTests : IDisposable
{
    private readonly TempTree _tree = new();

    private LinuxMounts Mounts()
    {
        _tree.File("mountinfo", "22 1 254:0 / / rw - ext4 /dev/vda rw\n");
        return new(new DeviceTools(new RecordingCommandRunner(), new DeviceOptions()), new DeviceOptions { MountInfoPath = _tree.PathOf("mountinfo") });
    }

    [Theory]
    [InlineData(TargetRemoval.EmptyDirectory)]
    [InlineData(TargetRemoval.EmptyDirectoryOrBlockFile)]
    public async Task An_unmounted_file_holding_data_is_never_deleted(TargetRemoval removal)
    {
        _tree.File("pods/uid/passwd", "root:x:0:0:root:/root:/bin/bash\n");

        var error = await Assert.ThrowsAsync<StorageException>(() => Mounts().UnmountAndRemoveAsync(_tree.PathOf("pods/uid/passwd"), removal, CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Contains("not removing it", error.Message, StringComparison.Ordinal);
        Assert.Equal("root:x:0:0:root:/root:/bin/bash\n", await File.ReadAllTextAsync(_tree.PathOf("pods/uid/passwd")));
    }

    [Fact]
    public async Task An_empty_file_goes_only_when_the_caller_knows_it_is_its_block_target()
    {
        _tree.File("pods/uid/a", string.Empty).File("pods/uid/b", string.Empty);

        await Assert.ThrowsAsync<StorageException>(() => Mounts().UnmountAndRemoveAsync(_tree.PathOf("pods/uid/a"), TargetRemoval.EmptyDirectory, CancellationToken.None));
        await Mounts().UnmountAndRemoveAsync(_tree.PathOf("pods/uid/b"), TargetRemoval.EmptyDirectoryOrBlockFile, CancellationToken.None);

        Assert.True(File.Exists(_tree.PathOf("pods/uid/a")));
        Assert.False(File.Exists(_tree.PathOf("pods/uid/b")));
    }

    [Fact]
    public async Task A_socket_is_neither_removed_nor_published_onto()
    {
        var path = _tree.Dir("plugins/driver").PathOf("plugins/driver/csi.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        var removal = await Assert.ThrowsAsync<StorageException>(() => Mounts().UnmountAndRemoveAsync(path, TargetRemoval.EmptyDirectoryOrBlockFile, CancellationToken.None));
        var publish = await Assert.ThrowsAsync<StorageException>(() => Mounts().PrepareTargetAsync(path, TargetKind.File, CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, removal.Kind);
        Assert.Contains("socket", removal.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.FailedPrecondition, publish.Kind);
        Assert.Equal(FileKind.Special, PublishTargetFiles.KindOf(path));
    }

    [Fact]
    public async Task A_symlink_is_not_removed_and_what_it_points_to_is_kept()
    {
        _tree.File("outside/sentinel", "keep").Dir("pods/uid");
        var link = _tree.PathOf("pods/uid/mount");
        File.CreateSymbolicLink(link, _tree.PathOf("outside/sentinel"));

        await Assert.ThrowsAsync<StorageException>(() => Mounts().UnmountAndRemoveAsync(link, TargetRemoval.EmptyDirectoryOrBlockFile, CancellationToken.None));

        Assert.Equal(FileKind.SymbolicLink, PublishTargetFiles.KindOf(link));
        Assert.Equal("keep", await File.ReadAllTextAsync(_tree.PathOf("outside/sentinel")));
    }

    [Fact]
    public void Resolving_follows_links_in_the_existing_prefix_and_keeps_the_rest_as_written()
    {
        _tree.Dir("real/pods");
        Directory.CreateSymbolicLink(_tree.PathOf("kubelet"), _tree.PathOf("real"));
        Directory.CreateSymbolicLink(_tree.PathOf("real/pods/escape"), "../../outside");

        Assert.Equal(_tree.PathOf("real/pods/uid/mount"), PublishTargetFiles.ResolveLinks(_tree.PathOf("kubelet/pods/uid/mount")));
        Assert.Equal(_tree.PathOf("outside/x"), PublishTargetFiles.ResolveLinks(_tree.PathOf("kubelet/pods/escape/x")));
    }

    [Fact]
    public void A_link_loop_does_not_resolve()
    {
        File.CreateSymbolicLink(_tree.PathOf("a"), _tree.PathOf("b"));
        File.CreateSymbolicLink(_tree.PathOf("b"), _tree.PathOf("a"));

        Assert.Null(PublishTargetFiles.ResolveLinks(_tree.PathOf("a/x")));
    }

    [Fact]
    public async Task A_block_publish_never_reuses_a_file_holding_data()
    {
        _tree.File("publish/pv/uid", "data");

        var error = await Assert.ThrowsAsync<StorageException>(() => Mounts().PrepareTargetAsync(_tree.PathOf("publish/pv/uid"), TargetKind.File, CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Equal("data", await File.ReadAllTextAsync(_tree.PathOf("publish/pv/uid")));
    }

    public void Dispose() => _tree.Dispose();
}
