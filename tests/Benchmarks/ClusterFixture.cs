using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;

namespace OpenLocal.Benchmarks;

/// <summary>
/// A synthetic cluster as the issue describes it: every node has 2 VGs and 4 devices (2 ssd, 2 hdd)
/// and 20 placed volumes (18 LVM with LocalVolume and PV, 2 on devices); the pod has 3 PVCs
/// (2 LVM, 1 hdd Device).
/// </summary>
internal static class ClusterFixture
{
    public const long Gi = 1L << 30;

    public static SchedulingCache Build(int nodes)
    {
        var cache = new SchedulingCache();
        cache.ApplyStorageClass(new StorageClassFact("open-local-lvm", "local.csi.aliyun.com", new Dictionary<string, string> { ["volumeType"] = "LVM" }));
        cache.ApplyStorageClass(new StorageClassFact("open-local-device-hdd", "local.csi.aliyun.com",
            new Dictionary<string, string> { ["volumeType"] = "Device", ["mediaType"] = "hdd" }));
        cache.ApplyClaim(new ClaimFact("default", "data-0", "Pending", "open-local-lvm", 10 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "data-1", "Pending", "open-local-lvm", 20 * Gi, 0));
        cache.ApplyClaim(new ClaimFact("default", "wal-0", "Pending", "open-local-device-hdd", 50 * Gi, 0));
        for (var n = 0; n < nodes; n++)
        {
            cache.ApplyNodeStorage(Report(n));
            // Each LocalVolume, then its PV (the order the provisioner creates them).
            var localVolumes = LocalVolumes(n);
            var persistentVolumes = PersistentVolumes(n);
            for (var v = 0; v < localVolumes.Length; v++)
            {
                cache.ApplyLocalVolume(localVolumes[v]);
                if (v < persistentVolumes.Length)
                    cache.ApplyPersistentVolume(persistentVolumes[v]);
            }
        }
        cache.MarkReady();
        return cache;
    }

    public static string NodeName(int n) => $"node-{n:D5}";

    public static NodeStorageReport Report(int n) => new(NodeName(n), false,
        [new ReportedVolumeGroup("open-local-pool-0", 500 * Gi), new ReportedVolumeGroup("open-local-pool-1", 1000 * Gi)],
        [
            new ReportedDevice("/dev/vdb", 100 * Gi, MediaType.Ssd), new ReportedDevice("/dev/vdc", 200 * Gi, MediaType.Ssd),
            new ReportedDevice("/dev/vdd", 100 * Gi, MediaType.Hdd), new ReportedDevice("/dev/vde", 400 * Gi, MediaType.Hdd),
        ],
        []);

    // Every fact gets its own strings, as decoding each object from the API server gives them.

    /// <summary>The 20 LocalVolumes of node <paramref name="n"/>: 18 LVM (the first 18 entries), then 2 devices.</summary>
    public static LocalVolumeFact[] LocalVolumes(int n)
    {
        var facts = new LocalVolumeFact[20];
        for (var v = 0; v < 18; v++)
        {
            var size = (1 + (n + v) % 16) * Gi;
            facts[v] = new LocalVolumeFact(LvmId(n, v), NodeName(n), VolumeType.LVM, Vg(v), size, size, false);
        }
        facts[18] = new LocalVolumeFact($"local-{n:x8}-dev0", NodeName(n), VolumeType.Device, $"/dev/vd{'b'}", 100 * Gi, 100 * Gi, false);
        facts[19] = new LocalVolumeFact($"local-{n:x8}-dev1", NodeName(n), VolumeType.Device, $"/dev/vd{(n % 3 == 0 ? 'e' : 'c')}", 50 * Gi, 50 * Gi, false);
        return facts;
    }

    /// <summary>The PVs of the 18 LVM volumes of node <paramref name="n"/> (name and volume handle as two strings).</summary>
    public static PersistentVolumeFact[] PersistentVolumes(int n)
    {
        var facts = new PersistentVolumeFact[18];
        for (var v = 0; v < 18; v++)
            facts[v] = new PersistentVolumeFact(LvmId(n, v), LvmId(n, v), NodeName(n), VolumeType.LVM, Vg(v), (1 + (n + v) % 16) * Gi, "Bound");
        return facts;
    }

    private static string LvmId(int n, int v) => $"local-{n:x8}-{v:x4}-0000-0000-000000000000";

    private static string Vg(int v) => $"open-local-pool-{v % 2}";

    public static string Request(int nodes)
    {
        var names = new System.Text.StringBuilder();
        for (var n = 0; n < nodes; n++)
            names.Append(n == 0 ? "" : ",").Append('"').Append(NodeName(n)).Append('"');
        return """
            {"Pod":{"metadata":{"name":"db-0","namespace":"default","uid":"8d3f0c1e-1111-2222-3333-444455556666"},
             "spec":{"schedulerName":"default-scheduler","volumes":[
               {"name":"data-0","persistentVolumeClaim":{"claimName":"data-0"}},
               {"name":"data-1","persistentVolumeClaim":{"claimName":"data-1"}},
               {"name":"wal-0","persistentVolumeClaim":{"claimName":"wal-0"}},
               {"name":"kube-api-access","projected":{"sources":[{"serviceAccountToken":{"path":"token"}}]}}],
             "containers":[{"name":"db","image":"postgres:16"}]}},
             "Nodes":null,"NodeNames":[NAMES]}
            """.Replace("NAMES", names.ToString(), StringComparison.Ordinal);
    }
}
