using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application.Ports;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;

namespace OpenLocal.Infrastructure.Kubernetes.Tests.Reconcilers;

/// <summary>The IStorageChanges contract over the informer: Added per existing object, then the watch's changes.</summary>
[Trait("Category", "Kubernetes")]
public sealed class KubernetesStorageChangesTests : ApiServerTest
{
    private static V1Node Node(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    [Fact]
    public async Task Existing_objects_come_as_added_then_changes_follow_in_order()
    {
        await Client.CoreV1.CreateNodeAsync(Node("node-a"));
        using var stop = new CancellationTokenSource(Deadline);
        var changes = new KubernetesStorageChanges(Client, NullLogger<KubernetesStorageChanges>.Instance);
        await using var stream = changes.WatchAsync(WatchedKind.Node, null, stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal(new StorageChange(WatchedKind.Node, ChangeType.Added, "node-a", 0), stream.Current with { Generation = 0 });
        await Client.CoreV1.CreateNodeAsync(Node("node-b"));
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal((ChangeType.Added, "node-b"), (stream.Current.Type, stream.Current.Name));
        await Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "node-a");
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal((ChangeType.Modified, "node-a"), (stream.Current.Type, stream.Current.Name));
        await Client.CoreV1.DeleteNodeAsync("node-b");
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal((ChangeType.Deleted, "node-b"), (stream.Current.Type, stream.Current.Name));
    }

    [Fact]
    public async Task A_name_restricts_the_stream_to_that_object()
    {
        await Client.CoreV1.CreateNodeAsync(Node("node-a"));
        await Client.CoreV1.CreateNodeAsync(Node("node-b"));
        using var stop = new CancellationTokenSource(Deadline);
        var changes = new KubernetesStorageChanges(Client, NullLogger<KubernetesStorageChanges>.Instance);
        await using var stream = changes.WatchAsync(WatchedKind.Node, "node-b", stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("node-b", stream.Current.Name);
        await Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "node-a");
        await Client.CoreV1.DeleteNodeAsync("node-b");
        Assert.True(await stream.MoveNextAsync());
        Assert.Equal((ChangeType.Deleted, "node-b"), (stream.Current.Type, stream.Current.Name));
    }
}
