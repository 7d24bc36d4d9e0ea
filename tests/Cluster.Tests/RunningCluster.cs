using System.Net.Sockets;
using Csi.V1;
using Grpc.Net.Client;
using k8s;
using k8s.Models;
using OpenLocal.ApiServer;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Cluster.Tests;

/// <summary>
/// A cluster as issue 14 deploys it, every component its own OS process over the embedded API server:
/// <c>controller</c>, an <c>agent --backend fake</c> per node, one <c>csi --driver-mode=controller</c> and a
/// <c>csi --driver-mode=node --backend fake</c> per node, each with its own socket, kubelet and state directories
/// under one temporary directory. The Node objects and the NodeLocalStorageInitConfig are created here, as a
/// cluster and its Helm chart would.
/// </summary>
public sealed class RunningCluster : IAsyncDisposable
{
    public const string VolumeGroup = "open-local-pool-0";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ChildProcess> _processes = [];
    private readonly List<GrpcChannel> _channels = [];
    private readonly Dictionary<string, Node.NodeClient> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Identity.IdentityClient> _nodeIdentities = new(StringComparer.Ordinal);

    private RunningCluster(EmbeddedApiServer server, string root)
    {
        Server = server;
        Root = root;
        Client = server.CreateClient();
    }

    public EmbeddedApiServer Server { get; }

    public IKubernetes Client { get; }

    public string Root { get; }

    public Controller.ControllerClient Controller { get; private set; } = null!;

    public Identity.IdentityClient ControllerIdentity { get; private set; } = null!;

    public Node.NodeClient NodePlugin(string node) => _nodes[node];

    public IReadOnlyList<ChildProcess> Processes => _processes;

    public static async Task<RunningCluster> StartAsync(params string[] nodes)
    {
        var server = new EmbeddedApiServer(new EmbeddedApiServerOptions { CustomResourceDefinitionPaths = [RepositoryFiles.CrdDirectory] });
        await server.StartAsync();
        var cluster = new RunningCluster(server, Directory.CreateTempSubdirectory("olcluster-").FullName);
        try
        {
            await cluster.StartComponentsAsync(nodes);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartComponentsAsync(string[] nodes)
    {
        var master = Server.BaseUri.ToString().TrimEnd('/');
        foreach (var node in nodes)
            await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = node, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = node } } });
        await Client.CustomObjects.CreateClusterCustomObjectAsync(new NodeLocalStorageInitConfig
        {
            Metadata = new V1ObjectMeta { Name = "open-local" },
            Spec = new NodeLocalStorageInitConfigSpec
            {
                GlobalConfig = new GlobalConfig { ListConfig = new ListConfig { Vgs = new NameFilterConfig { Include = ["open-local-pool-[0-9]+"] } } },
            },
        }, CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorageInitConfig.Plural);

        _processes.Add(ChildProcess.Start("controller", "controller", "--master", master, "--leader-elect=false"));
        foreach (var node in nodes)
            _processes.Add(ChildProcess.Start("agent-" + node, "agent", "--backend", "fake", "--nodename", node, "--master", master, "--interval", "1"));

        var controller = StartPlugin("csi-controller", "controller", "csi-controller", master);
        var pluginNodes = nodes.Select(node => (node, Plugin: StartPlugin("csi-" + node, "node", node, master))).ToList();
        foreach (var process in _processes.Where(p => p.Name.StartsWith("csi-", StringComparison.Ordinal)))
            await process.WaitForOutputAsync("Application started", StartTimeout);

        var channel = Connect(controller);
        Controller = new Controller.ControllerClient(channel);
        ControllerIdentity = new Identity.IdentityClient(channel);
        foreach (var (node, socket) in pluginNodes)
        {
            var nodeChannel = Connect(socket);
            _nodes[node] = new Node.NodeClient(nodeChannel);
            _nodeIdentities[node] = new Identity.IdentityClient(nodeChannel);
        }
    }

    /// <summary>Starts one CSI plugin process; returns its socket path.</summary>
    private string StartPlugin(string name, string mode, string nodeId, string master)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        var socket = Path.Combine(dir, "csi.sock");
        _processes.Add(ChildProcess.Start(name, "csi", "--driver-mode=" + mode, "--backend", "fake", "--node-id", nodeId,
            "--endpoint", "unix://" + socket, "--kubelet-dir", Path.Combine(dir, "kubelet"), "--state-dir", Path.Combine(dir, "state"),
            "--master", master, "--metrics-address=0")); // several plugins on one host: not all on :8082 (ADR-0067)
        return socket;
    }

    public Identity.IdentityClient NodeIdentity(string node) => _nodeIdentities[node];

    /// <summary>kubelet's publish path for pod <paramref name="pod"/> under the node plugin's own kubelet directory (ADR-0048).</summary>
    public string TargetPath(string node, string pod) =>
        Path.Combine(Root, "csi-" + node, "kubelet", "pods", pod, "volumes", "kubernetes.io~csi", "pv", "mount");

    private GrpcChannel Connect(string socket)
    {
        var channel = UnixSocketChannel.Create(socket);
        _channels.Add(channel);
        return channel;
    }

    /// <summary>
    /// The LVM capacity the CSI controller reports for <paramref name="node"/>, once it reports any. The agent (its own
    /// process) reports its pool, the controller (another) derives the NLS and the CSI controller (a third) caches it:
    /// no event of the test's own reaches the last step, so this re-asks at a short interval.
    /// </summary>
    public async Task<long> CapacityOnceReportedAsync(string node)
    {
        var request = new GetCapacityRequest
        {
            Parameters = { ["volumeType"] = "LVM" },
            AccessibleTopology = new Topology { Segments = { ["kubernetes.io/hostname"] = node } },
        };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var available = (await Controller.GetCapacityAsync(request, cancellationToken: deadline.Token)).AvailableCapacity;
            if (available > 0)
                return available;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"node {node} never reported capacity\n{Output}");
            }
        }
    }

    /// <summary>Every component's output, for assertion messages.</summary>
    public string Output => string.Join("\n\n", _processes.Select(p => $"--- {p.Name} ---\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
            channel.Dispose();
        await Task.WhenAll(_processes.Select(p => p.DisposeAsync().AsTask()));
        Client.Dispose();
        await Server.DisposeAsync();
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
