using System.Diagnostics;
using Csi.V1;
using Grpc.Core;
using k8s;
using OpenLocal.Infrastructure.Kubernetes.Resources;
using Xunit.Abstractions;

namespace OpenLocal.Cluster.Tests;

/// <summary>
/// Issue 14: 200 concurrent CreateVolume against two nodes whose pools fit exactly 100 volumes. Each fake agent
/// reports one 100 GiB VG (an exact multiple of the 4 MiB extent), so 2 GiB volumes fit exactly 50 per node.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class ConcurrentPlacementTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long GiB = 1L << 30;
    private const long VolumeSize = 2 * GiB;
    private const string HostnameKey = "kubernetes.io/hostname";
    private static readonly string[] Nodes = ["node-a", "node-b"];
    private RunningCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await RunningCluster.StartAsync(Nodes);

    public async Task DisposeAsync()
    {
        output.WriteLine(_cluster.Output);
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Two_hundred_concurrent_creates_for_room_of_one_hundred_place_exactly_one_hundred_and_never_over_commit()
    {
        foreach (var node in Nodes)
            Assert.Equal(100 * GiB, await _cluster.CapacityOnceReportedAsync(node));
        var allocatable = await AllocatableAsync();

        // Half let the controller choose; a quarter each are strict for one node.
        var requests = Enumerable.Range(0, 200).Select(i => Request($"pvc-burst-{i:D3}", (i % 4) switch
        {
            0 => "node-a",
            1 => "node-b",
            _ => null,
        })).ToList();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var samples = SampleLedgerAsync(allocatable, stop.Token);
        var outcomes = await Task.WhenAll(requests.Select(CreateAsync));
        await stop.CancelAsync();
        var sampled = await samples;
        output.WriteLine($"200 creates took {clock.Elapsed.TotalSeconds:F1} s; {sampled} ledger samples during the run");

        var failures = outcomes.Where(o => o.Failure is not null).ToList();
        Assert.All(failures, f => Assert.Equal(StatusCode.ResourceExhausted, f.Failure!.StatusCode));
        var created = outcomes.Where(o => o.Volume is not null).ToList();
        Assert.Equal(100, created.Count);
        Assert.Equal(100, failures.Count);
        Assert.All(created, c => Assert.Equal(VolumeSize, c.Volume!.CapacityBytes));

        // The ledger at the end: each pool exactly full, one object per success and none for a failure.
        var volumes = await ListVolumesAsync();
        AssertWithinAllocatable(volumes, allocatable);
        Assert.Equal(created.Select(c => c.Volume!.VolumeId).Order(), volumes.Select(v => v.Metadata.Name).Order());
        foreach (var node in Nodes)
        {
            Assert.Equal(50, volumes.Count(v => v.Spec.NodeName == node));
            Assert.Equal(0, (await _cluster.Controller.GetCapacityAsync(Capacity(node))).AvailableCapacity);
        }
        Assert.All(created, c => Assert.Equal(
            volumes.Single(v => v.Metadata.Name == c.Volume!.VolumeId).Spec.NodeName,
            Assert.Single(c.Volume!.AccessibleTopology).Segments[HostnameKey]));

        // A retry of a successful name returns the same volume, even with every pool full.
        var first = created[0];
        var retry = await _cluster.Controller.CreateVolumeAsync(first.Request, deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(first.Volume!.VolumeId, retry.Volume.VolumeId);
        Assert.Equal(first.Volume.AccessibleTopology, retry.Volume.AccessibleTopology);
        Assert.Equal(100, (await ListVolumesAsync()).Count);
    }

    private sealed record Outcome(CreateVolumeRequest Request, Volume? Volume, RpcException? Failure);

    private async Task<Outcome> CreateAsync(CreateVolumeRequest request)
    {
        try
        {
            var response = await _cluster.Controller.CreateVolumeAsync(request, deadline: DateTime.UtcNow.AddSeconds(50));
            return new Outcome(request, response.Volume, null);
        }
        catch (RpcException ex)
        {
            return new Outcome(request, null, ex);
        }
    }

    /// <summary>Lists the LocalVolumes over and over while the creates run; returns how many samples were taken.</summary>
    private async Task<int> SampleLedgerAsync(IReadOnlyDictionary<(string Node, string Vg), long> allocatable, CancellationToken stop)
    {
        var samples = 0;
        while (!stop.IsCancellationRequested)
        {
            AssertWithinAllocatable(await ListVolumesAsync(), allocatable);
            samples++;
            try
            {
                // Sampling pace only, not synchronisation: leave the two cores to the components under test.
                await Task.Delay(TimeSpan.FromMilliseconds(20), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return samples;
    }

    private static void AssertWithinAllocatable(IList<LocalVolume> volumes, IReadOnlyDictionary<(string Node, string Vg), long> allocatable)
    {
        foreach (var pool in volumes.GroupBy(v => (v.Spec.NodeName, Vg: v.Spec.VgName ?? "")))
        {
            Assert.True(allocatable.TryGetValue(pool.Key, out var room), $"volume on unknown pool {pool.Key}");
            var used = pool.Sum(v => v.Spec.SizeBytes);
            Assert.True(used <= room, $"pool {pool.Key} over-committed: {used} of {room} bytes");
        }
    }

    private async Task<IReadOnlyDictionary<(string Node, string Vg), long>> AllocatableAsync()
    {
        var list = await _cluster.Client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<NodeLocalStorage>>(
            CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural);
        var pools = list.Items
            .SelectMany(nls => (nls.Status?.NodeStorageInfo?.VolumeGroups ?? []).Select(vg => (Key: (nls.Metadata.Name, vg.Name), vg.Allocatable)))
            .ToDictionary(p => p.Key, p => p.Allocatable);
        foreach (var node in Nodes)
            Assert.Equal(100 * GiB, pools[(node, RunningCluster.VolumeGroup)]);
        return pools;
    }

    private async Task<IList<LocalVolume>> ListVolumesAsync() =>
        (await _cluster.Client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<LocalVolume>>(
            CsiAliyunGroup.Name, CsiAliyunGroup.Version, LocalVolume.Plural)).Items;

    private static CreateVolumeRequest Request(string name, string? node)
    {
        var request = new CreateVolumeRequest
        {
            Name = name,
            CapacityRange = new CapacityRange { RequiredBytes = VolumeSize },
            VolumeCapabilities =
            {
                new VolumeCapability
                {
                    Mount = new VolumeCapability.Types.MountVolume { FsType = "ext4" },
                    AccessMode = new VolumeCapability.Types.AccessMode { Mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter },
                },
            },
            Parameters = { ["volumeType"] = "LVM" },
        };
        if (node is not null)
            request.AccessibilityRequirements = new TopologyRequirement { Requisite = { OnNode(node) }, Preferred = { OnNode(node) } };
        return request;
    }

    private static GetCapacityRequest Capacity(string node) => new() { Parameters = { ["volumeType"] = "LVM" }, AccessibleTopology = OnNode(node) };

    private static Topology OnNode(string node) => new() { Segments = { [HostnameKey] = node } };
}
