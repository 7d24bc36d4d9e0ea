using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace OpenLocal.ApiServer.Tests;

/// <summary>
/// The three patch formats as kube-apiserver applies them (issue 15 items 1, 3, 11): JSON patch with
/// evanphx/json-patch v4 semantics, strategic merge patch by the upstream types' merge keys for built-in kinds,
/// and 415 for strategic merge and server-side apply on custom resources.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class PatchTests : ApiServerTest
{
    private static V1Patch Json(string body) => new(body, V1Patch.PatchType.JsonPatch);

    private static V1Patch Strategic(string body) => new(body, V1Patch.PatchType.StrategicMergePatch);

    private Task<V1PersistentVolumeClaim> Claim(string name) =>
        Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = name, Finalizers = ["kubernetes.io/pvc-protection"] },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                StorageClassName = "open-local-lvm",
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
            },
        }, "default");

    [Fact]
    public async Task Json_patch_replace_of_a_missing_member_adds_it_as_external_snapshotter_relies_on()
    {
        // external-snapshotter's setAnnVolumeSnapshotBeingCreated and status updates send exactly these on a content
        // that has neither annotations nor status; kube-apiserver (json-patch v4) applies them.
        await Client.CustomObjects.CreateClusterCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "snapshot.storage.k8s.io/v1",
            ["kind"] = "VolumeSnapshotContent",
            ["metadata"] = new JsonObject { ["name"] = "snapcontent-1" },
            ["spec"] = new JsonObject { ["driver"] = "local.csi.aliyun.com", ["deletionPolicy"] = "Delete", ["source"] = new JsonObject { ["volumeHandle"] = "v" }, ["volumeSnapshotRef"] = new JsonObject { ["name"] = "s", ["namespace"] = "default" } },
        }, "snapshot.storage.k8s.io", "v1", "volumesnapshotcontents");

        await Client.CustomObjects.PatchClusterCustomObjectAsync(
            Json("[{\"op\":\"replace\",\"path\":\"/metadata/annotations\",\"value\":{\"snapshot.storage.kubernetes.io/volumesnapshot-being-created\":\"yes\"}}]"),
            "snapshot.storage.k8s.io", "v1", "volumesnapshotcontents", "snapcontent-1");
        await Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            Json("[{\"op\":\"replace\",\"path\":\"/status\",\"value\":{\"readyToUse\":true}}]"),
            "snapshot.storage.k8s.io", "v1", "volumesnapshotcontents", "snapcontent-1");

        var content = JsonNode.Parse(KubernetesJson.Serialize(await Client.CustomObjects.GetClusterCustomObjectAsync("snapshot.storage.k8s.io", "v1", "volumesnapshotcontents", "snapcontent-1")))!;
        Assert.Equal("yes", content["metadata"]!["annotations"]!["snapshot.storage.kubernetes.io/volumesnapshot-being-created"]!.GetValue<string>());
        Assert.True(content["status"]!["readyToUse"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Json_patch_still_refuses_what_json_patch_v4_refuses()
    {
        await Claim("c");
        foreach (var patch in new[]
        {
            "[{\"op\":\"remove\",\"path\":\"/metadata/annotations\"}]",
            "[{\"op\":\"replace\",\"path\":\"/metadata/labels/a\",\"value\":\"1\"}]",
            "[{\"op\":\"replace\",\"path\":\"/spec/accessModes/3\",\"value\":\"ReadOnlyMany\"}]",
            "[{\"op\":\"test\",\"path\":\"/spec/storageClassName\",\"value\":\"other\"}]",
        })
        {
            var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(Json(patch), "c", "default"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        }
    }

    [Fact]
    public async Task Strategic_merge_merges_conditions_by_type_and_deletes_by_directive()
    {
        // PersistentVolumeClaimStatus.Conditions: patchMergeKey:"type" patchStrategy:"merge" (k8s.io/api core/v1).
        await Claim("c");
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            Strategic("{\"status\":{\"conditions\":[{\"type\":\"Resizing\",\"status\":\"True\"},{\"type\":\"FileSystemResizePending\",\"status\":\"True\"}]}}"), "c", "default");
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            Strategic("{\"status\":{\"conditions\":[{\"$patch\":\"delete\",\"type\":\"Resizing\"},{\"type\":\"FileSystemResizePending\",\"status\":\"False\"}]}}"), "c", "default");

        var claim = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("c", "default");
        var condition = Assert.Single(claim.Status.Conditions);
        Assert.Equal(("FileSystemResizePending", "False"), (condition.Type, condition.Status));
        Assert.Equal("Pending", claim.Status.Phase);
    }

    [Fact]
    public async Task Strategic_merge_merges_finalizers_as_a_set_and_removes_with_deleteFromPrimitiveList()
    {
        // ObjectMeta.Finalizers: patchStrategy:"merge" (apimachinery meta/v1 types.go).
        await Claim("c");
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(Strategic("{\"metadata\":{\"finalizers\":[\"example.com/a\",\"kubernetes.io/pvc-protection\"]}}"), "c", "default");
        Assert.Equal(["kubernetes.io/pvc-protection", "example.com/a"], (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("c", "default")).Metadata.Finalizers);

        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            Strategic("{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"kubernetes.io/pvc-protection\"]}}"), "c", "default");
        Assert.Equal(["example.com/a"], (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("c", "default")).Metadata.Finalizers);
    }

    [Fact]
    public async Task Strategic_merge_merges_containers_env_and_volumes_by_name_and_orders_by_setElementOrder()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "web", Uid = "u1", Controller = true }] },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "app", Image = "nginx", Env = [new V1EnvVar { Name = "A", Value = "1" }] }, new V1Container { Name = "sidecar", Image = "busybox" }],
                Volumes = [new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }],
            },
        }, "default");

        await Client.CoreV1.PatchNamespacedPodAsync(Strategic("""
            {"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"n","uid":"u2"}]},
             "spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"app"}],
                     "containers":[{"name":"app","env":[{"name":"B","value":"2"}]}],
                     "volumes":[{"name":"cache","emptyDir":{}}]}}
            """), "web", "default");

        var pod = await Client.CoreV1.ReadNamespacedPodAsync("web", "default");
        Assert.Equal(["sidecar", "app"], pod.Spec.Containers.Select(c => c.Name));
        Assert.Equal("nginx", pod.Spec.Containers[1].Image);
        Assert.Equal(["A", "B"], pod.Spec.Containers[1].Env.Select(e => e.Name));
        Assert.Equal(["data", "cache"], pod.Spec.Volumes.Select(v => v.Name));
        Assert.Equal(["u1", "u2"], pod.Metadata.OwnerReferences.Select(o => o.Uid));
    }

    [Fact]
    public async Task Strategic_merge_patch_replace_directive_replaces_a_list_and_atomic_lists_are_replaced()
    {
        await Claim("c");
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            Strategic("{\"status\":{\"conditions\":[{\"type\":\"Resizing\",\"status\":\"True\"}],\"accessModes\":[\"ReadWriteOnce\",\"ReadOnlyMany\"]}}"), "c", "default");
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            Strategic("{\"status\":{\"conditions\":[{\"$patch\":\"replace\"},{\"type\":\"ModifyingVolume\",\"status\":\"True\"}],\"accessModes\":[\"ReadWriteOnce\"]}}"), "c", "default");

        var status = (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("c", "default")).Status;
        Assert.Equal(["ModifyingVolume"], status.Conditions.Select(c => c.Type));
        Assert.Equal(["ReadWriteOnce"], status.AccessModes);
        Assert.DoesNotContain("$patch", KubernetesJson.Serialize(status), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strategic_merge_retainKeys_drops_the_unnamed_keys_and_a_map_delete_directive_removes_the_map()
    {
        // PodSpec.Volumes: patchStrategy:"merge,retainKeys" — switching a volume's source drops the old one.
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app" }], Volumes = [new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }] },
        }, "default");

        await Client.CoreV1.PatchNamespacedPodAsync(Strategic("""
            {"metadata":{"labels":{"$patch":"delete"}},
             "spec":{"volumes":[{"name":"data","$retainKeys":["name","hostPath"],"hostPath":{"path":"/srv"}}]}}
            """), "web", "default");

        var pod = await Client.CoreV1.ReadNamespacedPodAsync("web", "default");
        var volume = Assert.Single(pod.Spec.Volumes);
        Assert.Null(volume.EmptyDir);
        Assert.Equal("/srv", volume.HostPath.Path);
        Assert.Null(pod.Metadata.Labels);
    }

    [Theory]
    [InlineData(V1Patch.PatchType.StrategicMergePatch)]
    [InlineData(V1Patch.PatchType.ApplyPatch)]
    public async Task Custom_resources_refuse_strategic_merge_and_apply_patches_with_415(V1Patch.PatchType type)
    {
        // apiextensions-apiserver serves JSON patch and merge patch for custom resources only.
        await Client.CustomObjects.CreateClusterCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "csi.aliyun.com/v1alpha1", ["kind"] = "NodeLocalStorage", ["metadata"] = new JsonObject { ["name"] = "n" },
        }, "csi.aliyun.com", "v1alpha1", "nodelocalstorages");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CustomObjects.PatchClusterCustomObjectAsync(new V1Patch("{\"metadata\":{\"labels\":{\"a\":\"1\"}}}", type), "csi.aliyun.com", "v1alpha1", "nodelocalstorages", "n", fieldManager: "test"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, e.Response.StatusCode);
        Assert.Contains("UnsupportedMediaType", e.Response.Content, StringComparison.Ordinal);
    }
}
