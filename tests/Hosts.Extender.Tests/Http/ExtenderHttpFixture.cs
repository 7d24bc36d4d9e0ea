using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;

namespace OpenLocal.Hosts.Extender.Tests.Http;

/// <summary>
/// The real Kestrel host on 127.0.0.1, port 0, with a small cluster: node-1 has room, node-2's VG is
/// 90 % used, node-3 has no VG; the pod's PVC asks for 20Gi of LVM.
/// </summary>
public sealed class ExtenderHttpFixture : IAsyncLifetime
{
    public const long Gi = 1L << 30;

    public ExtenderServer Server { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public static SchedulingCache PopulatedCache()
    {
        var cache = new SchedulingCache();
        cache.ApplyStorageClass(new StorageClassFact("open-local-lvm", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "LVM" }));
        cache.ApplyClaim(new ClaimFact("default", "html-nginx-lvm-0", "Pending", "open-local-lvm", 20 * Gi, 0));
        cache.ApplyNodeStorage(new NodeStorageReport("node-1", false, [new ReportedVolumeGroup("open-local-pool-0", 100 * Gi)],
            [new ReportedDevice("/dev/vdd", 100 * Gi, MediaType.Hdd)], []));
        cache.ApplyNodeStorage(new NodeStorageReport("node-2", false, [new ReportedVolumeGroup("open-local-pool-0", 100 * Gi)], [], []));
        cache.ApplyNodeStorage(new NodeStorageReport("node-3", false, [], [], []));
        cache.ApplyLocalVolume(new LocalVolumeFact("local-a", "node-2", VolumeType.LVM, "open-local-pool-0", 90 * Gi, 90 * Gi, false));
        cache.ApplyLocalVolume(new LocalVolumeFact("local-b", "node-1", VolumeType.LVM, "open-local-pool-0", 5 * Gi, 5 * Gi, false));
        cache.MarkReady();
        return cache;
    }

    public async Task InitializeAsync()
    {
        Server = ExtenderServer.Create(new ExtenderOptions { Address = "127.0.0.1", Port = 0, Version = "v0.1.0-c0fbee4b" }, PopulatedCache());
        await Server.StartAsync();
        Client = new HttpClient { BaseAddress = Server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
