using Csi.V1;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpenLocal.Hosts.Csi.Tests.Server;

/// <summary>
/// Issue 14: csi-lib-utils treats a dropped connection as a lost driver, so csi-provisioner, -resizer
/// and -snapshotter exit when the plugin closes an idle connection (Kestrel did after 130 s).
/// </summary>
public sealed class IdleConnectionTests : IDisposable
{
    // Kestrel checks timeouts on a 1 s heartbeat: a 1 s keep-alive closes an idle connection within ~3 s.
    private static readonly TimeSpan ShortKeepAlive = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongerThanShortKeepAliveTakes = TimeSpan.FromSeconds(4);

    private readonly string _root = Directory.CreateTempSubdirectory("olcsi-idle-").FullName;

    private string Socket => Path.Combine(_root, "csi.sock");

    [Fact]
    public async Task The_production_limits_close_no_connection_for_idleness_or_slowness()
    {
        await using var app = TestServer.Build(TestServer.Options(Socket), _root);

        var limits = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        // Never closed in the life of a node; not TimeSpan.MaxValue, which Kestrel overflows into "now".
        Assert.True(limits.KeepAliveTimeout >= TimeSpan.FromDays(3650), $"keep-alive timeout {limits.KeepAliveTimeout}");
        Assert.NotEqual(TimeSpan.MaxValue, limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.MaxValue, limits.Http2.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.MaxValue, limits.Http2.KeepAlivePingTimeout);
        Assert.Null(limits.MinRequestBodyDataRate);
        Assert.Null(limits.MinResponseDataRate);
    }

    [Fact]
    public async Task With_a_finite_keep_alive_an_idle_client_is_disconnected_and_has_to_reconnect()
    {
        await using var app = TestServer.Build(TestServer.Options(Socket) with { IdleConnectionTimeout = ShortKeepAlive }, _root);
        await app.StartAsync();
        using var client = new CountingClient(Socket);

        await client.Identity.GetPluginInfoAsync(new GetPluginInfoRequest());
        await client.LastConnectionClosed.WaitAsync(TimeSpan.FromSeconds(30));
        await client.Identity.GetPluginInfoAsync(new GetPluginInfoRequest());

        Assert.Equal(2, client.Connections);
        await app.StopAsync();
    }

    [Fact]
    public async Task With_the_production_limits_an_idle_client_keeps_its_connection()
    {
        await using var app = TestServer.Build(TestServer.Options(Socket), _root);
        await app.StartAsync();
        using var client = new CountingClient(Socket);

        await client.Identity.GetPluginInfoAsync(new GetPluginInfoRequest());
        // The idle period is the behaviour under test: longer than a short keep-alive takes to close.
        var closed = await Task.WhenAny(client.LastConnectionClosed, Task.Delay(LongerThanShortKeepAliveTakes));
        var info = await client.Identity.GetPluginInfoAsync(new GetPluginInfoRequest());

        Assert.NotSame(client.LastConnectionClosed, closed);
        Assert.Equal(CsiPluginOptions.DefaultDriverName, info.Name);
        Assert.Equal(1, client.Connections);
        await app.StopAsync();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
