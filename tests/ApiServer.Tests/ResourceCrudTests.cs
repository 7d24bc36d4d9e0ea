using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.ApiServer.Tests;

[Trait("Category", "Kubernetes")]
public sealed class ResourceCrudTests : ApiServerTest
{
    [Fact]
    public async Task NodeLocalStorage_round_trips_every_open_local_field()
    {
        var nls = new ResourceClient<NodeLocalStorage>(Client);
        var created = await nls.CreateAsync(new NodeLocalStorage
        {
            Metadata = new V1ObjectMeta { Name = "node-1", Annotations = new Dictionary<string, string> { ["csi.aliyun.com/storage-reserved"] = "{\"open-local-pool-0\":\"10%\"}" } },
            Spec = new NodeLocalStorageSpec
            {
                NodeName = "node-1",
                SpdkConfig = new SpdkConfig { DeviceType = "", RpcSocket = "/var/tmp/spdk.sock" },
                ListConfig = new ListConfig { Vgs = new NameFilterConfig { Include = ["open-local-pool-[0-9]+"], Exclude = ["x"] } },
                ResourceToBeInited = new ResourceToBeInited
                {
                    Vgs = [new VolumeGroupToInit { Name = "open-local-pool-0", Devices = ["/dev/vdc"] }],
                    MountPoints = [new MountPointToInit { Path = "/mnt/open-local/disk1", Device = "/dev/vdd", FsType = "ext4", Options = ["defaults"] }],
                },
            },
        });
        Assert.NotNull(created.Metadata.Uid);
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(1, created.Metadata.Generation);

        var heartbeat = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        created.Status = new NodeLocalStorageStatus
        {
            NodeStorageInfo = new NodeStorageInfo
            {
                DeviceInfo = [new DeviceInfo { Name = "/dev/vdc", MediaType = "hdd", Total = 107374182400, Condition = "DiskReady" }],
                VolumeGroups = [new VolumeGroupInfo
                {
                    Name = "open-local-pool-0", PhysicalVolumes = ["/dev/vdc"], Total = 100, Available = 90, Allocatable = 80, Condition = "DiskReady",
                    LogicalVolumes = [new LogicalVolumeInfo { Name = "local-1", VgName = "open-local-pool-0", Total = 10 }],
                }],
                MountPoints = [new MountPointInfo { Name = "/mnt/open-local/disk1", Total = 5, Available = 4, FsType = "ext4", Device = "/dev/vdd" }],
                Phase = "Running",
                State = new StorageState { Type = "DiskReady", Status = "True", LastHeartbeatTime = heartbeat, LastTransitionTime = heartbeat },
            },
            FilteredStorageInfo = new FilteredStorageInfo
            {
                VolumeGroups = ["open-local-pool-0"],
                UpdateStatusInfo = new UpdateStatusInfo { UpdateStatus = "accepted", LastUpdateTime = heartbeat },
            },
        };
        await nls.ReplaceStatusAsync(created);

        var read = await nls.GetAsync("node-1");
        Assert.NotNull(read);
        Assert.Equal(KubernetesJson.Serialize(created.Spec), KubernetesJson.Serialize(read.Spec));
        Assert.Equal(KubernetesJson.Serialize(created.Status), KubernetesJson.Serialize(read.Status));
        Assert.Equal("{\"open-local-pool-0\":\"10%\"}", read.Metadata.Annotations["csi.aliyun.com/storage-reserved"]);

        Assert.True(await nls.DeleteAsync("node-1"));
        Assert.Null(await nls.GetAsync("node-1"));
        Assert.False(await nls.DeleteAsync("node-1"));
    }

    [Fact]
    public async Task NodeLocalStorageInitConfig_LocalVolume_and_LocalSnapshot_support_create_list_update_delete()
    {
        var nlsc = new ResourceClient<NodeLocalStorageInitConfig>(Client);
        await nlsc.CreateAsync(new NodeLocalStorageInitConfig
        {
            Metadata = new V1ObjectMeta { Name = "open-local" },
            Spec = new NodeLocalStorageInitConfigSpec
            {
                GlobalConfig = new GlobalConfig { ListConfig = new ListConfig { Vgs = new NameFilterConfig { Include = ["yoda-pool"] } } },
                NodesConfig = [new NodeConfig
                {
                    Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["beta.kubernetes.io/os"] = "linux" } },
                    ListConfig = new ListConfig { Vgs = new NameFilterConfig { Include = ["open-local-pool-0"] } },
                }],
            },
        });
        var config = await nlsc.GetAsync("open-local");
        Assert.Equal("linux", config!.Spec.NodesConfig![0].Selector!.MatchLabels["beta.kubernetes.io/os"]);

        var volumes = new ResourceClient<LocalVolume>(Client);
        await volumes.CreateAsync(new LocalVolume
        {
            Metadata = new V1ObjectMeta { Name = "local-1", Labels = new Dictionary<string, string> { [LocalVolume.NodeLabel] = "node-1" } },
            Spec = new LocalVolumeSpec
            {
                VolumeId = "local-1", NodeName = "node-1", Type = "LVM", VgName = "open-local-pool-0", SizeBytes = 1 << 30,
                Source = new LocalVolumeSource { SnapshotId = "snap-1", Mode = "Copy" },
                Claim = new ClaimReference { Namespace = "default", Name = "pvc-1" },
            },
        });
        var grown = await volumes.UpdateAsync("local-1", v =>
        {
            v.Spec.SizeBytes = 2L << 30;
            return true;
        });
        Assert.Equal(2L << 30, grown!.Spec.SizeBytes);
        Assert.Equal(2, grown.Metadata.Generation);
        var (list, rv) = await volumes.ListAsync();
        Assert.Equal("snap-1", Assert.Single(list).Spec.Source!.SnapshotId);
        Assert.False(string.IsNullOrEmpty(rv));

        var snapshots = new ResourceClient<LocalSnapshot>(Client);
        await snapshots.CreateAsync(new LocalSnapshot
        {
            Metadata = new V1ObjectMeta { Name = "snap-1" },
            Spec = new LocalSnapshotSpec
            {
                SnapshotId = "snap-1", SourceVolumeId = "local-1", NodeName = "node-1", VgName = "open-local-pool-0", ReadOnly = true,
                InitialSizeBytes = 4096, Expansion = new SnapshotExpansion { ThresholdPercent = 50, StepBytes = 1024 },
            },
        });
        await snapshots.UpdateAsync("snap-1", s =>
        {
            s.Status = new LocalSnapshotStatus { Phase = "Ready", CapacityBytes = 4096, UsedPercent = 12, CreationTime = DateTime.UtcNow };
            return true;
        }, status: true);
        var snapshot = await snapshots.GetAsync("snap-1");
        Assert.Equal(12, snapshot!.Status!.UsedPercent);
        Assert.True(await snapshots.DeleteAsync("snap-1"));
        Assert.True(await volumes.DeleteAsync("local-1"));
        Assert.True(await nlsc.DeleteAsync("open-local"));
        Assert.Empty((await volumes.ListAsync()).Items);
    }

    [Fact]
    public async Task Core_kinds_work_through_the_typed_KubernetesClient_api()
    {
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1", Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-1" } } });
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        }, "default");
        await Client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = "pv-1" },
            Spec = new V1PersistentVolumeSpec { Csi = new V1CSIPersistentVolumeSource { Driver = "local.csi.aliyun.com", VolumeHandle = "local-1" } },
        });
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "pvc-1" }, Spec = new V1PersistentVolumeClaimSpec() }, "default");
        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event { Metadata = new V1ObjectMeta { Name = "e1" }, InvolvedObject = new V1ObjectReference { Name = "node-1" }, Reason = "Synced" }, "default");
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s1" }, StringData = new Dictionary<string, string> { ["a"] = "b" } }, "default");
        await Client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = "open-local-lvm" }, Provisioner = "local.csi.aliyun.com" });
        await Client.StorageV1.CreateCSIDriverAsync(new V1CSIDriver { Metadata = new V1ObjectMeta { Name = "local.csi.aliyun.com" }, Spec = new V1CSIDriverSpec() });
        await Client.StorageV1.CreateCSINodeAsync(new V1CSINode { Metadata = new V1ObjectMeta { Name = "node-1" }, Spec = new V1CSINodeSpec { Drivers = [] } });
        await Client.StorageV1.CreateNamespacedCSIStorageCapacityAsync(new V1CSIStorageCapacity { Metadata = new V1ObjectMeta { Name = "cap-1" }, StorageClassName = "open-local-lvm" }, "kube-system");
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new V1ObjectMeta { Name = "l1" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } }, "kube-system");

        Assert.Equal("node-1", (await Client.CoreV1.ReadNamespacedPodAsync("web", "default")).Spec.NodeName);
        Assert.Single((await Client.CoreV1.ListPodForAllNamespacesAsync()).Items);
        Assert.Equal("local-1", (await Client.CoreV1.ReadPersistentVolumeAsync("pv-1")).Spec.Csi.VolumeHandle);
        Assert.Single((await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync("default")).Items);
        Assert.Equal("Synced", (await Client.CoreV1.ReadNamespacedEventAsync("e1", "default")).Reason);
        Assert.Equal("local.csi.aliyun.com", (await Client.StorageV1.ReadStorageClassAsync("open-local-lvm")).Provisioner);
        Assert.Single((await Client.StorageV1.ListCSIDriverAsync()).Items);
        Assert.Single((await Client.StorageV1.ListCSINodeAsync()).Items);
        Assert.Single((await Client.StorageV1.ListNamespacedCSIStorageCapacityAsync("kube-system")).Items);
        Assert.Equal("a", (await Client.CoordinationV1.ReadNamespacedLeaseAsync("l1", "kube-system")).Spec.HolderIdentity);
        Assert.Contains((await Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == "kube-system");

        var node = await Client.CoreV1.ReadNodeAsync("node-1");
        node.Metadata.Labels["zone"] = "a";
        await Client.CoreV1.ReplaceNodeAsync(node, "node-1");
        Assert.Equal("a", (await Client.CoreV1.ReadNodeAsync("node-1")).Metadata.Labels["zone"]);
        await Client.CoreV1.DeleteNamespacedPodAsync("web", "default");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedPodAsync("web", "default"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", missing.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_kinds_are_served_as_custom_objects()
    {
        var classes = new ResourceClient<VolumeSnapshotClass>(Client);
        await classes.CreateAsync(new VolumeSnapshotClass
        {
            Metadata = new V1ObjectMeta { Name = "open-local-lvm" },
            Driver = "local.csi.aliyun.com",
            DeletionPolicy = "Delete",
            Parameters = new Dictionary<string, string> { ["csi.aliyun.com/readonly"] = "true" },
        });
        var read = await classes.GetAsync("open-local-lvm");
        Assert.Equal("true", read!.Parameters!["csi.aliyun.com/readonly"]);
        var snapshots = await Client.CustomObjects.ListNamespacedCustomObjectAsync("snapshot.storage.k8s.io", "v1", "default", "volumesnapshots");
        Assert.Contains("VolumeSnapshotList", KubernetesJson.Serialize(snapshots), StringComparison.Ordinal);
    }

    [KubernetesEntity(Group = "snapshot.storage.k8s.io", ApiVersion = "v1", Kind = "VolumeSnapshotClass", PluralName = "volumesnapshotclasses")]
    private sealed class VolumeSnapshotClass : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "snapshot.storage.k8s.io/v1";
        public string Kind { get; set; } = "VolumeSnapshotClass";
        public V1ObjectMeta Metadata { get; set; } = new();
        public string? Driver { get; set; }
        public string? DeletionPolicy { get; set; }
        public IDictionary<string, string>? Parameters { get; set; }
    }

    [Fact]
    public async Task Creating_an_existing_name_is_409_AlreadyExists()
    {
        var nls = new ResourceClient<NodeLocalStorage>(Client);
        await nls.CreateAsync(new NodeLocalStorage { Metadata = new V1ObjectMeta { Name = "n" } });
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => nls.CreateAsync(new NodeLocalStorage { Metadata = new V1ObjectMeta { Name = "n" } }));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        Assert.Contains("AlreadyExists", e.Response.Content, StringComparison.Ordinal);
    }
}
