using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace OpenLocal.ApiServer.Tests;

/// <summary>
/// Custom resources against their CRD's structural schema (issue 15 items 10 and 11; apiextensions-apiserver:
/// validation, pruning and defaulting from openAPIV3Schema), with deploy/crds as the schemas.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class SchemaValidationTests : ApiServerTest
{
    private const string Group = "csi.aliyun.com";
    private const string Version = "v1alpha1";

    private static JsonObject Nls(string name) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}", ["kind"] = "NodeLocalStorage", ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["nodeName"] = name },
    };

    private static JsonObject Volume(string name, string type) => new()
    {
        ["apiVersion"] = $"{Group}/{Version}", ["kind"] = "LocalVolume", ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["volumeId"] = name, ["nodeName"] = "node-1", ["type"] = type, ["vgName"] = "vg", ["sizeBytes"] = 1024 },
    };

    private Task<object> CreateVolume(JsonObject volume) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(volume, Group, Version, "localvolumes");

    [Fact]
    public async Task A_status_field_of_the_wrong_type_is_refused_so_no_reader_ever_sees_it()
    {
        // The poisoned object of issue 15 item 10: status.filteredStorageInfo.volumeGroups as a string.
        await Client.CustomObjects.CreateClusterCustomObjectAsync(Nls("node-1"), Group, Version, "nodelocalstorages");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"filteredStorageInfo\":{\"volumeGroups\":\"open-local-pool-0\"}}}", V1Patch.PatchType.MergePatch),
            Group, Version, "nodelocalstorages", "node-1"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        var cause = JsonNode.Parse(e.Response.Content)!["details"]!["causes"]![0]!;
        Assert.Equal("status.filteredStorageInfo.volumeGroups", cause["field"]!.GetValue<string>());
        Assert.Contains("must be of type array", cause["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = JsonNode.Parse(KubernetesJson.Serialize(await Client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, "nodelocalstorages", "node-1")))!;
        Assert.Null(stored["status"]?["filteredStorageInfo"]);
    }

    [Theory]
    [InlineData("type", "Tape", "Unsupported value")]
    [InlineData("nodeName", "", "should be at least 1 chars long")]
    [InlineData("sizeBytes", "big", "must be of type integer")]
    public async Task Enums_lengths_and_types_of_the_spec_are_enforced(string field, string value, string message)
    {
        var volume = Volume("v1", "LVM");
        volume["spec"]![field] = value;
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => CreateVolume(volume));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains(message, e.Response.Content, StringComparison.Ordinal);
        Assert.Contains($"spec.{field}", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_fields_are_enforced_and_undeclared_fields_are_pruned()
    {
        var missing = Volume("v1", "LVM");
        missing["spec"]!.AsObject().Remove("nodeName");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => CreateVolume(missing));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains("spec.nodeName: Required value", e.Response.Content, StringComparison.Ordinal);

        var extra = Volume("v2", "LVM");
        extra["spec"]!["undeclared"] = "dropped";
        extra["topLevel"] = true;
        var created = JsonNode.Parse(KubernetesJson.Serialize(await CreateVolume(extra)))!;
        Assert.Null(created["spec"]!["undeclared"]);
        Assert.Null(created["topLevel"]);
        Assert.Equal("vg", created["spec"]!["vgName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Kubectl_strict_field_validation_refuses_an_undeclared_field_with_400()
    {
        var extra = Volume("v1", "LVM");
        extra["spec"]!["undeclared"] = "typo";
        var e = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CustomObjects.CreateClusterCustomObjectAsync(extra, Group, Version, "localvolumes", fieldValidation: "Strict"));
        Assert.Equal(HttpStatusCode.BadRequest, e.Response.StatusCode);
        Assert.Equal("strict decoding error: unknown field \"spec.undeclared\"", JsonNode.Parse(e.Response.Content)!["message"]!.GetValue<string>());
    }
}
