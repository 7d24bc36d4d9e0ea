using Csi.V1;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Csi.Tests.Server;

/// <summary>
/// Issue 19 item 5: a second plugin on the same socket path must not take it over from a live one;
/// only a stale socket (nobody listening) is replaced, and no other kind of file is ever deleted.
/// </summary>
public sealed class SocketClaimTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("olcsi-claim-").FullName;

    private string Socket => Path.Combine(_root, "csi.sock");

    [Fact]
    public async Task A_second_plugin_on_a_served_socket_is_refused_and_the_first_keeps_answering()
    {
        await using var first = TestServer.Build(TestServer.Options(Socket), _root);
        await first.StartAsync();

        var ex = Assert.Throws<StorageException>(() => TestServer.Build(TestServer.Options(Socket), _root));

        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
        Assert.Equal($"another process is serving {Socket}; refusing to take over its socket (stop it or choose another --endpoint)", ex.Message);
        using var client = new CountingClient(Socket);
        Assert.Equal(CsiPluginOptions.DefaultDriverName, (await client.Identity.GetPluginInfoAsync(new GetPluginInfoRequest())).Name);
        await first.StopAsync();
    }

    [Fact]
    public async Task A_stale_socket_is_replaced()
    {
        StaleSocket.Create(Socket);
        Assert.True(File.Exists(Socket), "a crashed plugin leaves its socket file behind");

        await using var app = TestServer.Build(TestServer.Options(Socket), _root);
        await app.StartAsync();

        using var client = new CountingClient(Socket);
        Assert.Equal(CsiPluginOptions.DefaultDriverName, (await client.Identity.GetPluginInfoAsync(new GetPluginInfoRequest())).Name);
        await app.StopAsync();
        Assert.False(File.Exists(Socket), "the plugin removes its own socket at exit");
    }

    [Fact]
    public async Task A_regular_file_at_the_socket_path_is_left_intact_and_start_fails()
    {
        await File.WriteAllTextAsync(Socket, "precious");

        var ex = Assert.Throws<StorageException>(() => TestServer.Build(TestServer.Options(Socket), _root));

        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
        Assert.Contains("exists and is not a unix socket", ex.Message, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(Socket));
    }

    [Fact]
    public async Task A_symlink_at_the_socket_path_is_not_followed_or_removed()
    {
        var target = Path.Combine(_root, "target");
        await File.WriteAllTextAsync(target, "precious");
        File.CreateSymbolicLink(Socket, target);

        Assert.Throws<StorageException>(() => TestServer.Build(TestServer.Options(Socket), _root));

        Assert.NotNull(new FileInfo(Socket).LinkTarget);
        Assert.Equal("precious", await File.ReadAllTextAsync(target));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
