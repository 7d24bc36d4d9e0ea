using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace OpenLocal.ApiServer.Tests;

/// <summary>
/// Owner references are collected when the owner goes (the garbage collector's part, done synchronously: ADR-0062);
/// Orphan keeps the dependents; a deleted namespace takes its objects with it.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class GarbageCollectionTests : ApiServerTest
{
    private static V1OwnerReference Owner(V1Node node) => new() { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid };

    private Task<V1ConfigMap> Dependent(string name, params V1OwnerReference[] owners) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owners } }, "default");

    [Fact]
    public async Task Deleting_an_owner_deletes_its_dependents_and_keeps_those_with_another_owner()
    {
        var node1 = await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } });
        var node2 = await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-2" } });
        await Dependent("only-1", Owner(node1));
        await Dependent("both", Owner(node1), Owner(node2));
        await Dependent("unowned");

        await Client.CoreV1.DeleteNodeAsync("node-1");

        var left = (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.ToDictionary(c => c.Metadata.Name);
        Assert.Equal(["both", "unowned"], left.Keys.Order());
        Assert.Equal([node2.Metadata.Uid], left["both"].Metadata.OwnerReferences.Select(o => o.Uid));
    }

    [Fact]
    public async Task Orphan_propagation_keeps_the_dependents()
    {
        var node = await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } });
        await Dependent("kept", Owner(node));

        await Client.CoreV1.DeleteNodeAsync("node-1", body: new V1DeleteOptions { PropagationPolicy = "Orphan" });

        Assert.Equal("kept", (await Client.CoreV1.ReadNamespacedConfigMapAsync("kept", "default")).Metadata.Name);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_what_is_in_it()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "team");

        await Client.CoreV1.DeleteNamespaceAsync("team");

        var e = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("cm", "team"));
        Assert.Equal(HttpStatusCode.NotFound, e.Response.StatusCode);
    }
}
