using System.Net.Sockets;
using Csi.V1;
using Grpc.Core;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>
/// Issue 19 over the wire: the node plugin runs as root, so a hostile or broken path gets a precise
/// error and nothing outside what it published is unmounted or deleted. Every "host" file here is a
/// sentinel inside the test's temporary directory.
/// </summary>
public sealed class HostileNodePathTests : PluginTest
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\n";

    public static TheoryData<string> BrokenPaths() => new()
    {
        "relative/pods/uid/mount",
        "/KUBELET/pods/uid/volumes/kubernetes.io~csi/../../../../../../outside/passwd",
        "/KUBELET/pods/uid\0/mount",
        "/KUBELET/pods/" + string.Join('/', Enumerable.Repeat(new string('a', 200), 50)),
    };

    private string Sentinel(string relative)
    {
        var path = Path.Combine(Plugin.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Passwd);
        return path;
    }

    [Fact]
    public async Task Unpublishing_a_file_outside_the_kubelet_dir_is_InvalidArgument_and_leaves_it()
    {
        var passwd = Sentinel("outside/passwd");

        var error = await AssertStatus(StatusCode.InvalidArgument, () =>
            Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = "never-existed", TargetPath = passwd }));

        Assert.Contains("target_path", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Passwd, await File.ReadAllTextAsync(passwd));
    }

    [Theory]
    [MemberData(nameof(BrokenPaths))]
    public async Task Every_node_rpc_refuses_a_broken_path_with_InvalidArgument_naming_the_field(string template)
    {
        var path = template.Replace("/KUBELET", Plugin.KubeletDir, StringComparison.Ordinal);
        var volume = (await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-hostile"))).Volume;

        var calls = new (string Field, Func<AsyncUnaryCall<object>> Call)[]
        {
            ("target_path", () => Wrap(Plugin.Node.NodePublishVolumeAsync(Publish(volume.VolumeId, path, volume.VolumeContext)))),
            ("target_path", () => Wrap(Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.VolumeId, TargetPath = path }))),
            ("staging_target_path", () => Wrap(Plugin.Node.NodeStageVolumeAsync(new NodeStageVolumeRequest { VolumeId = volume.VolumeId, StagingTargetPath = path, VolumeCapability = MountCapability() }))),
            ("staging_target_path", () => Wrap(Plugin.Node.NodeUnstageVolumeAsync(new NodeUnstageVolumeRequest { VolumeId = volume.VolumeId, StagingTargetPath = path }))),
            ("volume_path", () => Wrap(Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = volume.VolumeId, VolumePath = path }))),
            ("volume_path", () => Wrap(Plugin.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest { VolumeId = volume.VolumeId, VolumePath = path }))),
        };
        foreach (var (field, call) in calls)
        {
            var error = await AssertStatus(StatusCode.InvalidArgument, call);
            Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Equal(new[] { Path.Combine(Plugin.Root, "csi.sock"), Plugin.StateDir }, Directory.EnumerateFileSystemEntries(Plugin.Root).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_file_inside_the_kubelet_dir_that_the_plugin_did_not_create_is_not_deleted()
    {
        var stranger = Plugin.TargetPath("stranger");
        Directory.CreateDirectory(Path.GetDirectoryName(stranger)!);
        await File.WriteAllTextAsync(stranger, Passwd);
        var block = (await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-blk-known", GiB, BlockCapability()))).Volume;

        var unknown = await AssertStatus(StatusCode.FailedPrecondition, () =>
            Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = "never-existed", TargetPath = stranger }));
        var known = await AssertStatus(StatusCode.FailedPrecondition, () =>
            Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = block.VolumeId, TargetPath = stranger }));
        var publish = await AssertStatus(StatusCode.FailedPrecondition, () =>
            Plugin.Node.NodePublishVolumeAsync(Publish(block.VolumeId, stranger, block.VolumeContext, BlockCapability())));

        Assert.Contains("not removing it", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("not removing it", known.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("holding data", publish.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Passwd, await File.ReadAllTextAsync(stranger));
    }

    [Fact]
    public async Task A_socket_as_target_is_refused_and_kept()
    {
        var outside = Path.Combine(Plugin.Root, "csi.sock");
        var inside = Path.Combine(Plugin.KubeletDir, "plugins", "local.csi.aliyun.com", "csi.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(inside)!);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(inside));
        var volume = (await Plugin.Controller.CreateVolumeAsync(CreateLvm("vol-sock", GiB, BlockCapability()))).Volume;

        await AssertStatus(StatusCode.InvalidArgument, () =>
            Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.VolumeId, TargetPath = outside }));
        await AssertStatus(StatusCode.InvalidArgument, () =>
            Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = volume.VolumeId, TargetPath = inside }));
        await AssertStatus(StatusCode.InvalidArgument, () =>
            Plugin.Node.NodePublishVolumeAsync(Publish(volume.VolumeId, inside, volume.VolumeContext, BlockCapability())));

        Assert.True(File.Exists(outside), "the plugin's own socket is kept");
        Assert.True(File.Exists(inside), "a socket under plugins/ is kept");
        await Plugin.Identity.ProbeAsync(new ProbeRequest());
    }

    [Fact]
    public async Task A_symlink_in_the_kubelet_dir_pointing_outside_is_InvalidArgument()
    {
        var passwd = Sentinel("outside/passwd");
        var link = Plugin.TargetPath("escape");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, passwd);

        var error = await AssertStatus(StatusCode.InvalidArgument, () =>
            Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = "never-existed", TargetPath = link }));

        Assert.Contains("resolves to", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Passwd, await File.ReadAllTextAsync(passwd));
    }

    [Fact]
    public async Task Unpublishing_an_unknown_volume_removes_only_an_empty_leftover_mount_point()
    {
        var leftover = Plugin.TargetPath("leftover");
        Directory.CreateDirectory(leftover);

        await Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = "never-existed", TargetPath = leftover });

        Assert.False(Directory.Exists(leftover));
    }

    [Fact]
    public async Task Publishing_an_unknown_volume_is_NotFound()
    {
        var error = await AssertStatus(StatusCode.NotFound, () =>
            Plugin.Node.NodePublishVolumeAsync(Publish("never-existed", Plugin.TargetPath("nf"), new Dictionary<string, string>())));

        Assert.Contains("never-existed", error.Status.Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Plugin.TargetPath("nf")));
    }

    [Fact]
    public async Task CreateVolume_from_a_missing_snapshot_is_NotFound_whatever_the_volume_type()
    {
        var request = CreateLvm("from-missing");
        request.Parameters["volumeType"] = "Device";
        request.VolumeContentSource = new VolumeContentSource { Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = "snap-missing" } };

        var error = await AssertStatus(StatusCode.NotFound, () => Plugin.Controller.CreateVolumeAsync(request));

        Assert.Contains("snap-missing", error.Status.Detail, StringComparison.Ordinal);
    }

    private static AsyncUnaryCall<object> Wrap<T>(AsyncUnaryCall<T> call) =>
        new(call.ResponseAsync.ContinueWith(t => (object)t.GetAwaiter().GetResult()!, TaskScheduler.Default), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
}
