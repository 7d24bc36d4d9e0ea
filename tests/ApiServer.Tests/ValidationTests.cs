using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace OpenLocal.ApiServer.Tests;

/// <summary>
/// Names, ownerReferences and the built-in kinds' defaults and update rules, as kube-apiserver validates them
/// (issue 15 items 2 and 4; apimachinery pkg/util/validation, pkg/apis/core/validation/validation.go).
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class ValidationTests : ApiServerTest
{
    private static JsonNode Status(HttpOperationException e) => JsonNode.Parse(e.Response.Content)!;

    [Fact]
    public async Task The_capacity_probe_name_of_external_provisioner_is_422_Invalid_with_a_cause_on_metadata_name()
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.StorageV1.CreateNamespacedCSIStorageCapacityAsync(
            new V1CSIStorageCapacity { Metadata = new V1ObjectMeta { Name = "#%123-invalid-name" }, StorageClassName = "sc" }, "default"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        var status = Status(e);
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.StartsWith("CSIStorageCapacity.storage.k8s.io \"#%123-invalid-name\" is invalid: metadata.name: Invalid value:", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("metadata.name", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("CSIStorageCapacity", status["details"]!["kind"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("UPPER_case")]
    [InlineData("nul\0byte")]
    [InlineData("-leading-dash")]
    public async Task Names_that_are_not_DNS_subdomains_are_refused(string name)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Empty((await Client.CoreV1.ListNodeAsync()).Items);
    }

    [Fact]
    public async Task Subdomain_names_are_limited_to_253_characters_and_namespace_names_are_labels_of_63()
    {
        var longest = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + "b"; // 256 characters
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = longest } }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1.example.com" } });

        var dotted = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team.a" } }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dotted.Response.StatusCode);
        Assert.StartsWith("Namespace \"team.a\" is invalid", Status(dotted)["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var tooLong = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = new string('a', 64) } }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.Response.StatusCode);
    }

    [Fact]
    public async Task A_dot_dot_segment_in_the_url_is_400_not_the_list_above_it()
    {
        // HttpClient resolves dot segments itself, so the request line is written raw, as curl --path-as-is does.
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } });
        foreach (var path in new[] { "/api/v1/nodes/..", "/api/v1/nodes/%2e%2e", "/api/v1/namespaces/default/pods/." })
            Assert.StartsWith("HTTP/1.1 400", await RawGetAsync(path), StringComparison.Ordinal);
    }

    private async Task<string> RawGetAsync(string path)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Server.BaseUri.Host, Server.BaseUri.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {Server.BaseUri.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Two_controller_owner_references_are_422()
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "owned",
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "a", Uid = "1", Controller = true },
                    new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "b", Uid = "2", Controller = true },
                ],
            },
        }, "default"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains("Only one reference can have Controller set to true", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Volumes_and_claims_are_created_Pending_with_the_upstream_defaults()
    {
        var pv = await Client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = "pv-1" },
            Spec = new V1PersistentVolumeSpec { Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") }, AccessModes = ["ReadWriteOnce"], Csi = new V1CSIPersistentVolumeSource { Driver = "local.csi.aliyun.com", VolumeHandle = "v" } },
        });
        var pvc = await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("c"), "default");

        Assert.Equal(("Pending", "Retain", "Filesystem"), (pv.Status.Phase, pv.Spec.PersistentVolumeReclaimPolicy, pv.Spec.VolumeMode));
        Assert.Equal(("Pending", "Filesystem"), (pvc.Status.Phase, pvc.Spec.VolumeMode));
        Assert.Equal("Active", (await Client.CoreV1.ReadNamespaceAsync("default")).Status.Phase);
    }

    private static V1PersistentVolumeClaim Claim(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = "open-local-lvm",
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } },
        },
    };

    [Theory]
    [InlineData("{\"spec\":{\"storageClassName\":\"other\"}}")]
    [InlineData("{\"spec\":{\"accessModes\":[\"ReadWriteMany\"]}}")]
    [InlineData("{\"spec\":{\"volumeMode\":\"Block\"}}")]
    [InlineData("{\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}}}}")]
    [InlineData("{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}")]
    public async Task An_unbound_claims_spec_is_immutable(string patch)
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("c"), "default");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "c", "default"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains("spec is immutable after creation", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_is_bound_once_and_a_bound_claim_may_grow_but_not_shrink()
    {
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim("c"), "default");
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch("{\"spec\":{\"volumeName\":\"pv-1\"}}", V1Patch.PatchType.MergePatch), "c", "default");
        await Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(new V1Patch("{\"status\":{\"phase\":\"Bound\"}}", V1Patch.PatchType.MergePatch), "c", "default");

        var rebind = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch("{\"spec\":{\"volumeName\":\"pv-2\"}}", V1Patch.PatchType.MergePatch), "c", "default"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rebind.Response.StatusCode);

        var grown = await Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch("{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}", V1Patch.PatchType.MergePatch), "c", "default");
        Assert.Equal("2Gi", grown.Spec.Resources.Requests["storage"].ToString());
        var shrunk = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch("{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}", V1Patch.PatchType.MergePatch), "c", "default"));
        Assert.Contains("field can not be less than previous value", shrunk.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_in_a_namespace_that_does_not_exist_are_404_and_an_unknown_field_selector_is_400()
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "missing"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
        Assert.Equal("namespaces \"missing\" not found", Status(e)["message"]!.GetValue<string>());

        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "missing" } });
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "missing");

        var selector = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ListNamespacedConfigMapAsync("missing", fieldSelector: "data.a=b"));
        Assert.Equal(HttpStatusCode.BadRequest, selector.Response.StatusCode);
        Assert.Equal("field label not supported: data.a", Status(selector)["message"]!.GetValue<string>());
        var custom = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CustomObjects.ListClusterCustomObjectAsync("csi.aliyun.com", "v1alpha1", "nodelocalstorages", fieldSelector: "spec.nodeName=n"));
        Assert.Equal(HttpStatusCode.BadRequest, custom.Response.StatusCode);
    }
}
