using System.Net;
using System.Text;
using Csi.V1;
using Grpc.Core;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>
/// Issue 18 (metrics.md §1, §3) and issue 19 item 4: a plugin started with <c>--metrics-address</c>
/// serves health, readiness and Prometheus metrics that move with its RPCs and its damaged records.
/// </summary>
public sealed class MetricsConformanceTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private RunningPlugin _plugin = null!;

    public async Task InitializeAsync() =>
        _plugin = await RunningPlugin.StartAsync(Directory.CreateTempSubdirectory("olcsi-").FullName, ownsDirectory: true, metricsAddress: "127.0.0.1:0");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _plugin.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_and_readyz_answer_200_on_the_metrics_address_once_the_plugin_is_ready()
    {
        using var health = await _http.GetAsync(new Uri(_plugin.MetricsUri, "/healthz"));
        using var ready = await _http.GetAsync(new Uri(_plugin.MetricsUri, "/readyz"));
        var probe = await _plugin.Identity.ProbeAsync(new ProbeRequest());

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(probe.Ready);
    }

    [Fact]
    public async Task Every_CreateVolume_is_a_histogram_sample_labelled_with_its_service_method_and_code()
    {
        await _plugin.Controller.CreateVolumeAsync(CreateLvm("measured", GiB));
        var refused = CreateLvm("refused", GiB);
        refused.Parameters["fsType"] = "ntfs";
        await Assert.ThrowsAsync<RpcException>(async () => await _plugin.Controller.CreateVolumeAsync(refused));

        var (contentType, samples) = await ScrapeAsync();

        Assert.StartsWith("text/plain", contentType, StringComparison.Ordinal);
        Assert.Equal(1, CreateVolumeCount(samples, "OK"));
        Assert.Equal(1, CreateVolumeCount(samples, "InvalidArgument"));
        Assert.Contains(samples, s => s.Name == "openlocal_csi_request_duration_seconds_bucket" && s.Has("method", "CreateVolume") && s.Has("le", "300") && s.Value == 1);
        Assert.Contains(samples, s => s.Name == "openlocal_csi_requests_in_flight" && s.Has("service", "controller") && s.Has("method", "CreateVolume") && s.Value == 0);
        var build = Assert.Single(samples, s => s.Name == "openlocal_build_info");
        Assert.Equal(1, build.Value);
        Assert.True(build.Has("component", "csi") && build.Has("node", RunningPlugin.NodeId), string.Join(",", build.Labels));
        Assert.False(string.IsNullOrEmpty(build.Labels["version"]));
    }

    [Fact]
    public async Task A_truncated_record_moved_aside_shows_as_one_damaged_volume_record()
    {
        await _plugin.Controller.CreateVolumeAsync(CreateLvm("kept", GiB));
        await _plugin.Controller.CreateVolumeAsync(CreateLvm("damaged", GiB));
        var before = await DamagedAsync("volume");
        var file = Path.Combine(_plugin.StateDir, "volumes", Convert.ToBase64String(Encoding.UTF8.GetBytes("damaged")).TrimEnd('=') + ".json");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 3)]);

        await _plugin.Controller.ListVolumesAsync(new ListVolumesRequest()); // reads the file and moves it aside
        var after = await DamagedAsync("volume");
        var snapshots = await DamagedAsync("snapshot");
        File.Delete(Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(file)!, "*.damaged-*")));
        var resolved = await DamagedAsync("volume");

        Assert.Equal(0, before);
        Assert.Equal(1, after);
        Assert.Equal(0, snapshots);
        Assert.Equal(0, resolved); // the operator removed the copy
    }

    [Fact]
    public async Task The_metrics_paths_are_not_served_on_the_CSI_socket()
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_plugin.SocketPath), cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var overSocket = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var metrics = await overSocket.GetAsync(new Uri("http://localhost/metrics"));
        using var ready = await overSocket.GetAsync(new Uri("http://localhost/readyz"));

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ready.StatusCode);
    }

    private static double CreateVolumeCount(IReadOnlyList<PrometheusSample> samples, string code) =>
        Assert.Single(samples, s => s.Name == "openlocal_csi_request_duration_seconds_count"
            && s.Has("service", "controller") && s.Has("method", "CreateVolume") && s.Has("code", code)).Value;

    private async Task<double> DamagedAsync(string kind) =>
        Assert.Single((await ScrapeAsync()).Samples, s => s.Name == "openlocal_damaged_records" && s.Has("kind", kind)).Value;

    private async Task<(string ContentType, IReadOnlyList<PrometheusSample> Samples)> ScrapeAsync()
    {
        using var response = await _http.GetAsync(new Uri(_plugin.MetricsUri, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Content.Headers.ContentType?.ToString() ?? string.Empty, PrometheusSample.Parse(await response.Content.ReadAsStringAsync()));
    }
}
