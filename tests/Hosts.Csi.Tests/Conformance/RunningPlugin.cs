using System.Net.Sockets;
using Csi.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Cli.Commands.Csi;
using OpenLocal.Infrastructure.Fake;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>
/// The real plugin (the same composition as <c>openlocal csi --backend fake</c>) listening on a
/// temporary unix socket, with gRPC clients connected over <see cref="UnixDomainSocketEndPoint"/>.
/// Disposing stops the host and removes the temporary directory unless the test keeps it.
/// </summary>
public sealed class RunningPlugin : IAsyncDisposable
{
    public const string NodeId = "node-1";
    public const string VolumeGroup = "open-local-pool-0";

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly bool _ownsDirectory;

    private RunningPlugin(WebApplication app, GrpcChannel channel, string root, bool ownsDirectory, string kubeletDir)
    {
        _app = app;
        _channel = channel;
        Root = root;
        KubeletDir = kubeletDir;
        _ownsDirectory = ownsDirectory;
        Identity = new Identity.IdentityClient(channel);
        Controller = new Controller.ControllerClient(channel);
        Node = new Node.NodeClient(channel);
    }

    /// <summary>Temporary directory holding the socket, the state directory and publish targets.</summary>
    public string Root { get; }

    /// <summary>
    /// The plugin's <c>--kubelet-dir</c>: by default inside the state directory, the only place where
    /// the fake backend creates real publish targets (ADR 0047), so tests can look at them.
    /// </summary>
    public string KubeletDir { get; }

    public string SocketPath => Path.Combine(Root, "csi.sock");
    public string StateDir => Path.Combine(Root, "state");

    public Identity.IdentityClient Identity { get; }
    public Controller.ControllerClient Controller { get; }
    public Node.NodeClient Node { get; }

    /// <summary>The fake node's LVM port, for gates and scripted failures.</summary>
    public FakeLogicalVolumes LogicalVolumes => _app.Services.GetRequiredService<FakeLogicalVolumes>();

    public static Task<RunningPlugin> StartAsync(string mode = "all") =>
        StartAsync(Directory.CreateTempSubdirectory("olcsi-").FullName, ownsDirectory: true, mode);

    /// <summary>Starts on an existing root (restart tests): same socket path, same state directory.</summary>
    public static async Task<RunningPlugin> StartAsync(string root, bool ownsDirectory, string mode = "all", string? kubeletDir = null, string? metricsAddress = null)
    {
        var socket = Path.Combine(root, "csi.sock");
        kubeletDir ??= Path.Combine(root, "state", "kubelet");
        var settings = new CsiSettings
        {
            Endpoint = "unix://" + socket,
            NodeId = NodeId,
            Mode = mode,
            Backend = "fake",
            StateDir = Path.Combine(root, "state"),
            KubeletDir = kubeletDir,
            MetricsAddress = metricsAddress,
        };
        var app = CsiPlugin.Build(settings, logging => logging.ClearProviders());
        await app.StartAsync();
        var channel = UnixSocketChannel.Create(socket);
        return new RunningPlugin(app, channel, root, ownsDirectory, kubeletDir);
    }

    /// <summary>The <c>http://</c> address the metrics listener bound (for <c>--metrics-address 127.0.0.1:0</c>).</summary>
    public Uri MetricsUri => new(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
        .Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));

    /// <summary>A publish target in kubelet's layout: <c>pods/&lt;uid&gt;/volumes/kubernetes.io~csi/&lt;name&gt;/mount</c>.</summary>
    public string TargetPath(string name) => Path.Combine(KubeletDir, "pods", PodUid, "volumes", "kubernetes.io~csi", name, "mount");

    public const string PodUid = "0b0ab7b4-5f0e-4c7a-9d51-1f6b3d1c2a10";

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDirectory && Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
