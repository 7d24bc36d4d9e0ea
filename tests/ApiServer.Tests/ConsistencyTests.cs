using System.Net;
using k8s.Autorest;
using k8s.Models;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.ApiServer.Tests;

/// <summary>resourceVersion conflicts, the status subresource and finalizers behave like kube-apiserver.</summary>
[Trait("Category", "Kubernetes")]
public sealed class ConsistencyTests : ApiServerTest
{
    private ResourceClient<LocalVolume> Volumes => new(Client);

    private static LocalVolume Volume(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new LocalVolumeSpec { VolumeId = name, NodeName = "node-1", Type = "LVM", VgName = "vg", SizeBytes = 100 },
    };

    [Fact]
    public async Task Two_writers_of_the_same_version_one_gets_409_and_its_retry_wins()
    {
        var created = await Volumes.CreateAsync(Volume("v1"));
        var first = (await Volumes.GetAsync("v1"))!;
        var second = (await Volumes.GetAsync("v1"))!;
        first.Spec.SizeBytes = 200;
        await Volumes.ReplaceAsync(first);
        second.Spec.FsType = "xfs";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Volumes.ReplaceAsync(second));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", conflict.Response.Content, StringComparison.Ordinal);

        var retried = await Volumes.UpdateAsync("v1", v =>
        {
            v.Spec.FsType = "xfs";
            return true;
        });
        Assert.Equal(200, retried!.Spec.SizeBytes);
        Assert.Equal("xfs", retried.Spec.FsType);
        Assert.True(long.Parse(retried.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loses_no_update()
    {
        await Volumes.CreateAsync(Volume("v1"));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Volumes.UpdateAsync("v1", v =>
        {
            v.Spec.SizeBytes += 1;
            return true;
        })));
        Assert.Equal(105, (await Volumes.GetAsync("v1"))!.Spec.SizeBytes);
    }

    [Fact]
    public async Task Status_updates_do_not_change_spec_and_spec_updates_do_not_change_status()
    {
        var volume = await Volumes.CreateAsync(Volume("v1"));
        volume.Spec.SizeBytes = 999;
        volume.Status = new LocalVolumeStatus { Phase = "Ready", CapacityBytes = 100 };
        var afterStatus = await Volumes.ReplaceStatusAsync(volume);
        Assert.Equal(100, afterStatus.Spec.SizeBytes);
        Assert.Equal("Ready", afterStatus.Status!.Phase);
        Assert.Equal(1, afterStatus.Metadata.Generation);

        afterStatus.Spec.SizeBytes = 300;
        afterStatus.Status = new LocalVolumeStatus { Phase = "Failed" };
        var afterSpec = await Volumes.ReplaceAsync(afterStatus);
        Assert.Equal(300, afterSpec.Spec.SizeBytes);
        Assert.Equal("Ready", afterSpec.Status!.Phase);
        Assert.Equal(2, afterSpec.Metadata.Generation);

        var patched = await Volumes.PatchAsync("v1", new V1Patch("{\"status\":{\"phase\":\"Deleting\"},\"spec\":{\"sizeBytes\":1}}", V1Patch.PatchType.MergePatch), status: true);
        Assert.Equal("Deleting", patched.Status!.Phase);
        Assert.Equal(300, patched.Spec.SizeBytes);
    }

    [Fact]
    public async Task Create_ignores_status_of_a_kind_with_a_status_subresource()
    {
        var volume = Volume("v1");
        volume.Status = new LocalVolumeStatus { Phase = "Ready" };
        Assert.Null((await Volumes.CreateAsync(volume)).Status);
    }

    [Fact]
    public async Task Finalizers_delay_deletion_until_the_last_one_is_removed()
    {
        var volume = Volume("v1");
        volume.Metadata.Finalizers = [LocalVolume.Finalizer];
        await Volumes.CreateAsync(volume);

        Assert.True(await Volumes.DeleteAsync("v1"));
        var deleting = await Volumes.GetAsync("v1");
        Assert.NotNull(deleting);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);

        await Volumes.UpdateAsync("v1", v => v.Metadata.Finalizers.Remove(LocalVolume.Finalizer));
        Assert.Null(await Volumes.GetAsync("v1"));
    }

    [Fact]
    public async Task Merge_and_json_patches_apply()
    {
        await Volumes.CreateAsync(Volume("v1"));
        await Volumes.PatchAsync("v1", new V1Patch("{\"metadata\":{\"labels\":{\"a\":\"1\"}}}", V1Patch.PatchType.MergePatch));
        await Volumes.PatchAsync("v1", new V1Patch("[{\"op\":\"replace\",\"path\":\"/spec/sizeBytes\",\"value\":500},{\"op\":\"add\",\"path\":\"/metadata/labels/b\",\"value\":\"2\"}]", V1Patch.PatchType.JsonPatch));
        await Volumes.PatchAsync("v1", new V1Patch("{\"metadata\":{\"labels\":{\"a\":null}}}", V1Patch.PatchType.MergePatch));
        var volume = (await Volumes.GetAsync("v1"))!;
        Assert.Equal(500, volume.Spec.SizeBytes);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, volume.Metadata.Labels);

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Volumes.PatchAsync("v1", new V1Patch("{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"sizeBytes\":7}}", V1Patch.PatchType.MergePatch)));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
    }
}
