using System.Net.Sockets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OpenLocal.Cli.Commands.Csi;
using OpenLocal.Hosts.Reconcilers.Tests.Kubernetes;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Hosts.Reconcilers.Tests.Cli;

/// <summary>
/// Issue 14 "Compatibility": every component takes open-local's API and klog flags, starts with a
/// credential-less kubeconfig or a bare --master, and exits non-zero with one line when the API
/// server cannot be reached.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class ComponentCommandTests : IAsyncLifetime
{
    private static readonly string[] Klog = ["--v=5", "--logtostderr", "--alsologtostderr=false"];
    private readonly string _dir = Directory.CreateTempSubdirectory("olcli-cmd-").FullName;
    private ApiServerFixture _api = null!;

    public async Task InitializeAsync() => _api = await ApiServerFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<string, string[]> Components() => new()
    {
        { "controller", ["--leader-elect=false"] },
        { "agent", ["--nodename", "node-1", "--backend", "fake"] },
        { "extender", ["--port", "0"] },
    };

    [Theory]
    [MemberData(nameof(Components))]
    public async Task An_unreachable_api_server_is_one_line_and_a_non_zero_exit(string component, string[] args)
    {
        var url = CommandRun.UnreachableUrl();
        // Bounded, so that a component that keeps running instead of failing fails this test.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var (exit, error) = await CommandRun.RunAsync([component, .. args, "--master", url, .. Klog], bound.Token);

        Assert.False(bound.IsCancellationRequested, $"{component} kept running against an unreachable API server");
        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"{component}: cannot reach the Kubernetes API server at {url}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_controller_runs_with_a_kubeconfig_whose_user_has_no_credentials()
    {
        await _api.CreateNodeAsync("worker-0");
        await _api.CreateInitConfigAsync(new NodeLocalStorageInitConfig
        {
            Metadata = new V1ObjectMeta { Name = "open-local" },
            Spec = new NodeLocalStorageInitConfigSpec { GlobalConfig = new GlobalConfig { ListConfig = new ListConfig { Vgs = new NameFilterConfig { Include = ["pool"] } } } },
        });
        var kubeconfig = CommandRun.WriteCredentialLessKubeconfig(_dir, _api.BaseUri);
        using var stop = new CancellationTokenSource();

        var run = CommandRun.RunAsync(["controller", "--kubeconfig", kubeconfig, "--leader-elect=false", .. Klog], stop.Token);
        await _api.WaitForAsync(() => _api.FindStorageAsync("worker-0"), "the controller to create worker-0's NodeLocalStorage");
        await stop.CancelAsync();
        var (exit, error) = await run;

        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task The_agent_runs_with_a_master_and_no_kubeconfig()
    {
        await _api.Client.CustomObjects.CreateClusterCustomObjectAsync<NodeLocalStorage>(
            new NodeLocalStorage { Metadata = new V1ObjectMeta { Name = "node-1" }, Spec = new NodeLocalStorageSpec { NodeName = "node-1" } },
            CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural);
        using var stop = new CancellationTokenSource();

        var run = CommandRun.RunAsync(["agent", "--nodename", "node-1", "--backend", "fake", "--master", _api.BaseUri.ToString(), .. Klog], stop.Token);
        await _api.WaitForAsync(async () => await _api.FindStorageAsync("node-1") is { Status.NodeStorageInfo: not null } nls ? nls : null, "the agent to report node-1's storage");
        await stop.CancelAsync();
        var (exit, error) = await run;

        Assert.True(exit == 0, error);
    }

    // Issue 19 item 5 through the command: one line, exit 1, the running plugin keeps its socket.
    [Fact]
    public async Task Csi_takes_the_api_and_klog_flags_and_refuses_a_socket_another_plugin_serves()
    {
        var socket = Path.Combine(_dir, "csi.sock");
        string[] common = ["--endpoint", "unix://" + socket, "--backend", "fake", "--kubelet-dir", Path.Combine(_dir, "kubelet")];
        await using var first = CsiPlugin.Build(
            new CsiSettings { Endpoint = "unix://" + socket, NodeId = "node-1", Backend = "fake", StateDir = Path.Combine(_dir, "state-1"), KubeletDir = Path.Combine(_dir, "kubelet") },
            logging => logging.ClearProviders());
        await first.StartAsync();

        var (exit, error) = await CommandRun.RunAsync(
            ["csi", .. common, "--state-dir", Path.Combine(_dir, "state-2"), "--kubeconfig", Path.Combine(_dir, "kubeconfig"), "--master", CommandRun.UnreachableUrl(), .. Klog]);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"csi: another process is serving {socket}; refusing to take over its socket (stop it or choose another --endpoint)", line);
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await probe.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        await first.StopAsync();
    }
}
