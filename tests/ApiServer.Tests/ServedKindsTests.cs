using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace OpenLocal.ApiServer.Tests;

/// <summary>
/// The API groups the CSI sidecars and the seed walkthrough need (issue 15 item 5) and a <c>--crds</c> directory
/// with other manifests in it (item 8).
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class ServedKindsTests : ApiServerTest
{
    [Fact]
    public async Task Apps_v1_workloads_and_storage_v1_attachment_kinds_are_served_through_the_typed_client()
    {
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        var template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } };
        await Client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1StatefulSetSpec { Selector = new V1LabelSelector { MatchLabels = labels }, Template = template } }, "default");
        await Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1DeploymentSpec { Selector = new V1LabelSelector { MatchLabels = labels }, Template = template } }, "default");
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(new V1DaemonSet { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1DaemonSetSpec { Selector = new V1LabelSelector { MatchLabels = labels }, Template = template } }, "default");
        await Client.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet { Metadata = new V1ObjectMeta { Name = "web-1" }, Spec = new V1ReplicaSetSpec { Selector = new V1LabelSelector { MatchLabels = labels }, Template = template } }, "default");
        await Client.StorageV1.CreateVolumeAttachmentAsync(new V1VolumeAttachment { Metadata = new V1ObjectMeta { Name = "csi-1" }, Spec = new V1VolumeAttachmentSpec { Attacher = "local.csi.aliyun.com", NodeName = "n", Source = new V1VolumeAttachmentSource { PersistentVolumeName = "pv" } } });
        await Client.StorageV1.CreateCSINodeAsync(new V1CSINode { Metadata = new V1ObjectMeta { Name = "n" }, Spec = new V1CSINodeSpec { Drivers = [new V1CSINodeDriver { Name = "local.csi.aliyun.com", NodeID = "n" }] } });
        await Client.StorageV1.CreateCSIDriverAsync(new V1CSIDriver { Metadata = new V1ObjectMeta { Name = "local.csi.aliyun.com" }, Spec = new V1CSIDriverSpec() });

        Assert.Single((await Client.AppsV1.ListNamespacedStatefulSetAsync("default")).Items);
        Assert.Equal("web-1", (await Client.AppsV1.ReadNamespacedReplicaSetAsync("web-1", "default")).Metadata.Name);
        await Client.StorageV1.ReplaceVolumeAttachmentStatusAsync(
            new V1VolumeAttachment { Metadata = (await Client.StorageV1.ReadVolumeAttachmentAsync("csi-1")).Metadata, Status = new V1VolumeAttachmentStatus { Attached = true } }, "csi-1");
        Assert.True((await Client.StorageV1.ReadVolumeAttachmentAsync("csi-1")).Status.Attached);
        var apps = await Client.Apis.GetAPIVersionsAsync();
        Assert.Contains(apps.Groups, g => g.Name == "apps");
    }

    [Fact]
    public async Task The_snapshot_crds_are_bundled_so_a_server_without_flags_serves_them()
    {
        await using var bare = new EmbeddedApiServer();
        await bare.StartAsync();
        using var client = bare.CreateClient();

        var crd = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("volumesnapshotcontents.snapshot.storage.k8s.io");
        Assert.Contains(crd.Status.Conditions, c => c is { Type: "Established", Status: "True" });
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "snapshot.storage.k8s.io/v1", ["kind"] = "VolumeSnapshot", ["metadata"] = new JsonObject { ["name"] = "s" },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["persistentVolumeClaimName"] = "c" }, ["volumeSnapshotClassName"] = "open-local-lvm" },
        }, "snapshot.storage.k8s.io", "v1", "default", "volumesnapshots");
        Assert.Contains("\"name\":\"s\"", KubernetesJson.Serialize(await client.CustomObjects.ListNamespacedCustomObjectAsync("snapshot.storage.k8s.io", "v1", "default", "volumesnapshots")), StringComparison.Ordinal);
        // A custom resource now, as in a real cluster: strategic merge is refused.
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", V1Patch.PatchType.StrategicMergePatch), "snapshot.storage.k8s.io", "v1", "default", "volumesnapshots", "s"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, e.Response.StatusCode);
    }

    [Fact]
    public async Task A_crds_directory_with_other_manifests_skips_them_with_a_log_line()
    {
        var directory = Directory.CreateTempSubdirectory("openlocal-crds-");
        try
        {
            foreach (var file in Directory.GetFiles(RepositoryFiles.CrdDirectory))
                File.Copy(file, Path.Combine(directory.FullName, Path.GetFileName(file)));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- csi.aliyun.com_localvolumes.yaml\n");
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "extra.yaml"), "# a comment only\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: open-local\n");
            var logger = new ListLogger();

            await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions { CustomResourceDefinitionPaths = [directory.FullName], Logger = logger });
            await server.StartAsync();

            using var client = server.CreateClient();
            Assert.Contains((await client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items, c => c.Metadata.Name == "nodelocalstorages.csi.aliyun.com");
            Assert.Contains(logger.Lines, l => l.Contains("kustomization.yaml", StringComparison.Ordinal) && l.Contains("Kustomization", StringComparison.Ordinal));
            Assert.Contains(logger.Lines, l => l.Contains("extra.yaml", StringComparison.Ordinal) && l.Contains("Namespace", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
                Lines.Add(formatter(state, exception));
        }
    }
}
