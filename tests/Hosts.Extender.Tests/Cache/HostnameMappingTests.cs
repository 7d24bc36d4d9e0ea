using k8s;
using k8s.Models;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Hosts.Extender.Tests.Cache;

/// <summary>
/// PVs pin volumes by the <c>kubernetes.io/hostname</c> label value, which need not be the node
/// name (ADR-0043). Against the embedded API server: the PV counts on the node whose label carries
/// that value, whichever of the Node and the PV the extender sees first.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class HostnameMappingTests : IAsyncLifetime
{
    private const long Gi = 1L << 30;

    private FedCluster _cluster = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await FedCluster.StartAsync();
        _client = _cluster.Client;
        await CreateNodeStorageAsync("node-1");
        await CreateNodeStorageAsync("host-1"); // a node named like node-1's hostname: must not get node-1's volumes
        await Wait(s => s.FindNode("node-1") is not null && s.FindNode("host-1") is not null);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }

    [Fact(Timeout = 30000)]
    public async Task Pv_created_after_its_node_counts_on_the_node_whose_hostname_it_names()
    {
        await _client.CoreV1.CreateNodeAsync(Node("node-1", "host-1"));
        await _client.CoreV1.CreateNodeAsync(Node("host-1", "host-9"));
        await Wait(s => s.FindNode("node-1")?.Hostname == "host-1");

        await CreateAvailableAsync(Pv("local-1", "host-1"));

        var snapshot = await Wait(s => s.PersistentVolumes.ContainsKey("local-1"));
        Assert.Equal(5 * Gi, Used(snapshot, "node-1"));
        Assert.Equal(0, Used(snapshot, "host-1"));
        Assert.Equal("node-1", snapshot.PersistentVolumes["local-1"].NodeName);
    }

    [Fact(Timeout = 30000)]
    public async Task Pv_seen_before_its_node_moves_to_the_right_node_when_the_node_arrives()
    {
        await CreateAvailableAsync(Pv("local-1", "host-1"));
        // Without a Node the value is taken as a node name (open-local's assumption).
        await Wait(s => Used(s, "host-1") == 5 * Gi);

        await _client.CoreV1.CreateNodeAsync(Node("node-1", "host-1"));

        var snapshot = await Wait(s => Used(s, "node-1") == 5 * Gi);
        Assert.Equal(0, Used(snapshot, "host-1"));
        Assert.Equal(1, snapshot.Nodes["node-1"].AllocatedNum);
        Assert.Equal("node-1", snapshot.PersistentVolumes["local-1"].NodeName);

        // Re-delivery and a relabel are recomputed, never added: the volume follows the label.
        await _client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"kubernetes.io/hostname":"host-2"}}}""", V1Patch.PatchType.MergePatch), "node-1");
        snapshot = await Wait(s => s.FindNode("node-1")?.Hostname == "host-2");
        Assert.Equal(0, Used(snapshot, "node-1"));
        Assert.Equal(5 * Gi, Used(snapshot, "host-1"));
    }

    private static long Used(ClusterSnapshot s, string node) => s.FindNode(node)?.VolumeGroups[0].Used ?? -1;

    private Task<ClusterSnapshot> Wait(Func<ClusterSnapshot, bool> condition) => _cluster.WaitAsync(condition);

    private async Task CreateNodeStorageAsync(string node)
    {
        var nls = new ResourceClient<NodeLocalStorage>(_client);
        var status = new NodeLocalStorageStatus
        {
            NodeStorageInfo = new NodeStorageInfo
            {
                VolumeGroups = [new VolumeGroupInfo { Name = "open-local-pool-0", Total = 100 * Gi, Available = 100 * Gi, Allocatable = 100 * Gi, PhysicalVolumes = ["/dev/vdc"] }],
            },
            FilteredStorageInfo = new FilteredStorageInfo { VolumeGroups = ["open-local-pool-0"] },
        };
        await nls.CreateAsync(new NodeLocalStorage { Metadata = new V1ObjectMeta { Name = node }, Spec = new NodeLocalStorageSpec { NodeName = node } });
        await nls.UpdateAsync(node, n => { n.Status = status; return true; }, status: true);
    }

    private static V1Node Node(string name, string hostname) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = hostname, ["kubernetes.io/os"] = "linux" } },
    };

    // kube-apiserver creates a PV Pending (ADR-0060) and the PV controller makes it Available; the
    // extender skips Pending PVs, so the test plays the controller's part.
    private async Task CreateAvailableAsync(V1PersistentVolume pv)
    {
        var created = await _client.CoreV1.CreatePersistentVolumeAsync(pv);
        created.Status = new V1PersistentVolumeStatus { Phase = "Available" };
        await _client.CoreV1.ReplacePersistentVolumeStatusAsync(created, created.Metadata.Name);
    }

    private static V1PersistentVolume Pv(string id, string hostname) => new()
    {
        Metadata = new V1ObjectMeta { Name = id },
        Spec = new V1PersistentVolumeSpec
        {
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("5Gi") },
            AccessModes = ["ReadWriteOnce"],
            Csi = new V1CSIPersistentVolumeSource
            {
                Driver = "local.csi.aliyun.com",
                VolumeHandle = id,
                VolumeAttributes = new Dictionary<string, string> { ["volumeType"] = "LVM", ["vgName"] = "open-local-pool-0" },
            },
            NodeAffinity = new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [hostname] }] }],
                },
            },
        },
    };
}
