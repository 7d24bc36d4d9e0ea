using System.Net.Sockets;
using Csi.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OpenLocal.Cli.Commands.Csi;

namespace OpenLocal.Hosts.Csi.Tests.Properties;

/// <summary>
/// The real plugin (<c>--mode all --backend fake</c>) with every path it may touch inside one temporary
/// directory: <c>--kubelet-dir</c>, <c>--state-dir</c> and the socket under the kubelet directory, as the
/// node plugin runs in a cluster. The sentinel tree of the hostile-path properties lives elsewhere.
/// </summary>
public sealed class SandboxedPlugin : IAsyncDisposable
{
    public const string NodeId = "node-1";

    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private SandboxedPlugin(WebApplication app, GrpcChannel channel, string root)
    {
        _app = app;
        _channel = channel;
        Root = root;
        Controller = new Controller.ControllerClient(channel);
        Node = new Node.NodeClient(channel);
    }

    public string Root { get; }
    public string KubeletDir => Path.Combine(Root, "kubelet");
    public string StateDir => Path.Combine(Root, "state");
    public string SocketPath => Path.Combine(KubeletDir, "plugins", "local.csi.aliyun.com", "csi.sock");

    public Controller.ControllerClient Controller { get; }
    public Node.NodeClient Node { get; }

    public static async Task<SandboxedPlugin> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("olcsi-prop-").FullName;
        var kubelet = Path.Combine(root, "kubelet");
        var socket = Path.Combine(kubelet, "plugins", "local.csi.aliyun.com", "csi.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        Directory.CreateDirectory(Path.Combine(kubelet, "pods"));
        var settings = new CsiSettings
        {
            Endpoint = "unix://" + socket,
            NodeId = NodeId,
            Mode = "all",
            Backend = "fake",
            KubeletDir = kubelet,
            StateDir = Path.Combine(root, "state"),
        };
        var app = CsiPlugin.Build(settings, logging => logging.ClearProviders());
        await app.StartAsync();
        var channel = UnixSocketChannel.Create(socket);
        return new SandboxedPlugin(app, channel, root);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
