using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;

namespace OpenLocal.Hosts.Extender.Tests.Compat;

/// <summary>
/// A real extender on 127.0.0.1 over a cache with a fake clock. node-1 has two VGs (pool-0: 100Gi
/// with 5Gi used, pool-1: 50Gi), one hdd device and one hdd ext4 mount point; node-2 one 100Gi VG.
/// StorageClasses: LVM without and with vgName, Device and MountPoint (hdd).
/// </summary>
internal sealed class CompatCluster : IAsyncDisposable
{
    public const long Gi = 1L << 30;
    public const string Pool0 = "open-local-pool-0";
    public const string Pool1 = "open-local-pool-1";

    private CompatCluster(ExtenderServer server, FakeTimeProvider clock)
    {
        Server = server;
        Clock = clock;
        Client = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public ExtenderServer Server { get; }
    public SchedulingCache Cache => Server.Cache;
    public FakeTimeProvider Clock { get; }
    public HttpClient Client { get; }

    public static async Task<CompatCluster> StartAsync(PlacementStrategy strategy = PlacementStrategy.Binpack, long pool0Bytes = 100 * Gi)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var cache = new SchedulingCache(clock);
        cache.ApplyStorageClass(Class("open-local-lvm", ("volumeType", "LVM")));
        cache.ApplyStorageClass(Class("open-local-lvm-pool-0", ("volumeType", "LVM"), ("vgName", Pool0)));
        cache.ApplyStorageClass(Class("open-local-device-hdd", ("volumeType", "Device"), ("mediaType", "hdd")));
        cache.ApplyStorageClass(Class("open-local-mountpoint-hdd", ("volumeType", "MountPoint"), ("mediaType", "hdd")));
        cache.ApplyNodeStorage(new NodeStorageReport("node-1", false,
            [new ReportedVolumeGroup(Pool0, pool0Bytes), new ReportedVolumeGroup(Pool1, 50 * Gi)],
            [new ReportedDevice("/dev/vdd", 100 * Gi, MediaType.Hdd)],
            [new ReportedMountPoint("/mnt/open-local/disk1", 100 * Gi, 100 * Gi, "ext4", "/dev/vde", MediaType.Hdd)]));
        cache.ApplyNodeStorage(new NodeStorageReport("node-2", false, [new ReportedVolumeGroup(Pool0, 100 * Gi)], [], []));
        cache.ApplyLocalVolume(new LocalVolumeFact("local-existing", "node-1", VolumeType.LVM, Pool0, 5 * Gi, 5 * Gi, false));
        cache.MarkReady();
        var server = ExtenderServer.Create(new ExtenderOptions { Address = "127.0.0.1", Port = 0, Strategy = strategy }, cache);
        await server.StartAsync();
        return new CompatCluster(server, clock);
    }

    /// <summary>A pending PVC and the (unscheduled) pod that uses it.</summary>
    public void AddPendingClaim(string claim, string storageClass, long bytes, string pod = "nginx-0")
    {
        Cache.ApplyClaim(new ClaimFact("default", claim, "Pending", storageClass, bytes, 0));
        Cache.ApplyPod(new PodFact("uid-" + pod, "default", pod, null, false, []) { ClaimNames = [claim] });
    }

    public Task<HttpResponseMessage> ScheduleAsync(string claim, string query = "?nodeName=node-1") =>
        Client.PostAsync($"/apis/scheduling/default/persistentvolumeclaims/{claim}{query}", new StringContent("{}", Encoding.UTF8, "application/json"));

    public async Task<(HttpStatusCode Status, string Body, string? ContentType)> CallAsync(string claim, string query = "?nodeName=node-1")
    {
        using var response = await ScheduleAsync(claim, query);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The failure reason the predicates give for node-1 (null when it passes) for a pod using <paramref name="claim"/>.</summary>
    public async Task<string?> FilterNode1Async(string claim)
    {
        var args = $$$"""{"Pod":{"metadata":{"name":"other","namespace":"default"},"spec":{"volumes":[{"name":"v","persistentVolumeClaim":{"claimName":"{{{claim}}}"}}]}},"NodeNames":["node-1"]}""";
        using var response = await Client.PostAsync("/scheduler/predicates", new StringContent(args, Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("FailedAndUnresolvableNodes").TryGetProperty("node-1", out var reason) ? reason.GetString() : null;
    }

    public long Used(string vg, string node = "node-1")
    {
        foreach (var group in Cache.Current.Nodes[node].VolumeGroups)
        {
            if (group.Name == vg)
                return group.Used;
        }
        throw new InvalidOperationException($"no vg {vg} on {node}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    private static StorageClassFact Class(string name, params (string Key, string Value)[] parameters) =>
        new(name, "local.csi.aliyun.com", parameters.ToDictionary(p => p.Key, p => p.Value));
}
