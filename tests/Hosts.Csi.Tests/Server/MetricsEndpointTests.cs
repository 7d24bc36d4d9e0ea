using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.NodeVolumes;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Csi.Metrics;

namespace OpenLocal.Hosts.Csi.Tests.Server;

/// <summary><c>--metrics-address</c> (ADR-0067): parsing, and <c>/readyz</c> following the CSI Probe.</summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("olmetrics-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    public void An_empty_or_zero_address_turns_metrics_off(string? text) => Assert.Null(MetricsAddress.Parse(text));

    [Theory]
    [InlineData(":8082", null, 8082)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("localhost:8082", "127.0.0.1", 8082)]
    public void An_address_is_an_optional_IP_and_a_port(string text, string? host, int port)
    {
        var address = MetricsAddress.Parse(text)!;

        Assert.Equal(host is null ? null : IPAddress.Parse(host), address.Host);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData("8082")]
    [InlineData(":99999")]
    [InlineData("metrics.example:8082")]
    [InlineData(":http")]
    public void Anything_else_is_refused_naming_the_flag(string text)
    {
        var error = Assert.Throws<StorageException>(() => MetricsAddress.Parse(text));

        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("--metrics-address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_is_503_until_the_backend_answers_then_200()
    {
        var probe = new SwitchedProbe();
        var options = TestServer.Options(Path.Combine(_root, "csi.sock")) with { Metrics = MetricsAddress.Parse("127.0.0.1:0") };
        await using var app = CsiServer.Build(options, new NodePublishOptions { KubeletDir = Path.Combine(_root, "kubelet") },
            services => services.AddSingleton<IBackendProbe>(probe), logging => logging.ClearProviders());
        await app.StartAsync();
        var metrics = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
        using var http = new HttpClient();

        using var health = await http.GetAsync(new Uri(metrics, "/healthz"));
        using var notReady = await http.GetAsync(new Uri(metrics, "/readyz"));
        probe.Ready = true;
        using var ready = await http.GetAsync(new Uri(metrics, "/readyz"));
        await app.StopAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private sealed class SwitchedProbe : IBackendProbe
    {
        public volatile bool Ready;

        public Task CheckAsync(CancellationToken cancellationToken) =>
            Ready ? Task.CompletedTask : Task.FromException(new IOException("backend not answering yet"));
    }
}
