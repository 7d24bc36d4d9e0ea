using k8s;
using k8s.Models;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.ApiServer.Tests;

[Trait("Category", "Kubernetes")]
public sealed class WatchAndSelectorTests : ApiServerTest
{
    private ResourceClient<LocalVolume> Volumes => new(Client);

    private static LocalVolume Volume(string name, string node = "node-1", string? tier = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = tier is null ? new Dictionary<string, string> { [LocalVolume.NodeLabel] = node } : new Dictionary<string, string> { [LocalVolume.NodeLabel] = node, ["tier"] = tier },
        },
        Spec = new LocalVolumeSpec { VolumeId = name, NodeName = node, Type = "LVM", VgName = "vg", SizeBytes = 1 },
    };

    [Fact]
    public async Task Watch_from_a_resourceVersion_delivers_later_events_in_order()
    {
        await Volumes.CreateAsync(Volume("before"));
        var (_, rv) = await Volumes.ListAsync();
        await Volumes.CreateAsync(Volume("v1"));
        await Volumes.UpdateAsync("v1", v =>
        {
            v.Spec.SizeBytes = 2;
            return true;
        });
        await Volumes.DeleteAsync("v1");
        await Volumes.CreateAsync(Volume("v2"));

        var events = await CollectAsync(Volumes.WatchAsync(rv, null, null, null, TimeSpan.FromMinutes(1), _ => { }, CancellationToken.None), 4, skipBookmarks: true);
        Assert.Equal(
            [(WatchEventType.Added, "v1"), (WatchEventType.Modified, "v1"), (WatchEventType.Deleted, "v1"), (WatchEventType.Added, "v2")],
            events.Select(e => (e.Type, e.Object.Metadata.Name)));
        var versions = events.Select(e => long.Parse(e.Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(versions.Order(), versions);
    }

    [Fact]
    public async Task Watch_without_resourceVersion_starts_with_the_current_objects_and_sends_bookmarks()
    {
        await Volumes.CreateAsync(Volume("v1"));
        var events = await CollectAsync(Volumes.WatchAsync("", null, null, null, TimeSpan.FromMinutes(1), _ => { }, CancellationToken.None), 2, skipBookmarks: false);
        Assert.Equal((WatchEventType.Added, "v1"), (events[0].Type, events[0].Object.Metadata.Name));
        Assert.Equal(WatchEventType.Bookmark, events[1].Type);
        Assert.Equal(Server.Store.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture), events[1].Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_from_a_compacted_resourceVersion_gets_410_Gone()
    {
        var created = await Volumes.CreateAsync(Volume("v1"));
        await Volumes.CreateAsync(Volume("v2"));
        Server.Store.Compact();
        var error = new TaskCompletionSource<Exception>();
        await foreach (var _ in Volumes.WatchAsync(created.Metadata.ResourceVersion, null, null, null, TimeSpan.FromMinutes(1), e => error.TrySetResult(e), CancellationToken.None))
        {
            Assert.Fail("an expired watch must not deliver events");
        }
        var gone = Assert.IsType<KubernetesException>(await error.Task.WaitAsync(Deadline));
        Assert.Equal(410, gone.Status.Code);
        Assert.Equal("Expired", gone.Status.Reason);
    }

    [Fact]
    public async Task Label_selectors_support_equality_sets_and_existence()
    {
        await Volumes.CreateAsync(Volume("a", tier: "gold"));
        await Volumes.CreateAsync(Volume("b", tier: "silver"));
        await Volumes.CreateAsync(Volume("c"));

        async Task<string[]> Names(string selector) => (await Volumes.ListAsync(labelSelector: selector)).Items.Select(v => v.Metadata.Name).Order().ToArray();
        Assert.Equal(["a"], await Names("tier=gold"));
        Assert.Equal(["a"], await Names("tier==gold"));
        Assert.Equal(["b", "c"], await Names("tier!=gold"));
        Assert.Equal(["a", "b"], await Names("tier in (gold, silver)"));
        Assert.Equal(["b", "c"], await Names("tier notin (gold)"));
        Assert.Equal(["a", "b"], await Names("tier"));
        Assert.Equal(["c"], await Names("!tier"));
        Assert.Equal(["a"], await Names($"{LocalVolume.NodeLabel}=node-1,tier=gold"));
    }

    [Fact]
    public async Task Field_selectors_filter_on_name_namespace_nodeName_and_phase()
    {
        foreach (var (ns, name, node) in new[] { ("default", "p1", "node-1"), ("default", "p2", "node-2"), ("kube-system", "p3", "node-1") })
        {
            await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c" }] } }, ns);
        }
        var p2 = await Client.CoreV1.ReadNamespacedPodAsync("p2", "default");
        p2.Status = new V1PodStatus { Phase = "Running" };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(p2, "p2", "default");

        async Task<string[]> Names(string selector) => (await Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector)).Items.Select(p => p.Metadata.Name).Order().ToArray();
        Assert.Equal(["p1", "p3"], await Names("spec.nodeName=node-1"));
        Assert.Equal(["p2"], await Names("status.phase=Running"));
        Assert.Equal(["p1", "p3"], await Names("status.phase!=Running"));
        Assert.Equal(["p3"], await Names("metadata.namespace=kube-system"));
        Assert.Equal(["p1"], await Names("metadata.name=p1"));
        Assert.Equal(["p1"], await Names("spec.nodeName=node-1,metadata.namespace=default"));
    }

    [Fact]
    public async Task A_selected_watch_sees_objects_enter_and_leave_its_selection()
    {
        var (_, rv) = await Volumes.ListAsync();
        await Volumes.CreateAsync(Volume("v1", tier: "bronze"));
        await Volumes.PatchAsync("v1", new V1Patch("{\"metadata\":{\"labels\":{\"tier\":\"gold\"}}}", V1Patch.PatchType.MergePatch));
        await Volumes.PatchAsync("v1", new V1Patch("{\"metadata\":{\"labels\":{\"tier\":\"silver\"}}}", V1Patch.PatchType.MergePatch));
        await Volumes.CreateAsync(Volume("v2", tier: "gold"));

        var events = await CollectAsync(Volumes.WatchAsync(rv, null, "tier=gold", null, TimeSpan.FromMinutes(1), _ => { }, CancellationToken.None), 3, skipBookmarks: true);
        Assert.Equal(
            [(WatchEventType.Added, "v1"), (WatchEventType.Deleted, "v1"), (WatchEventType.Added, "v2")],
            events.Select(e => (e.Type, e.Object.Metadata.Name)));
    }

    private static async Task<List<(WatchEventType Type, T Object)>> CollectAsync<T>(IAsyncEnumerable<(WatchEventType, T)> events, int count, bool skipBookmarks)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var result = new List<(WatchEventType, T)>();
        await foreach (var e in events.WithCancellation(timeout.Token))
        {
            if (skipBookmarks && e.Item1 == WatchEventType.Bookmark)
                continue;
            result.Add(e);
            if (result.Count == count)
                break;
        }
        return result;
    }

    [Fact]
    public async Task Lists_page_with_limit_and_continue_and_every_page_has_the_first_pages_resourceVersion()
    {
        foreach (var name in new[] { "c", "a", "e", "b", "d" })
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");

        var first = await Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2);
        Assert.Equal(["a", "b"], first.Items.Select(c => c.Metadata.Name));
        Assert.Equal(3, first.Metadata.RemainingItemCount);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "f" } }, "default");
        var second = await Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(["c", "d"], second.Items.Select(c => c.Metadata.Name));
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        var last = await Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: second.Metadata.ContinueProperty);
        Assert.Equal(["e", "f"], last.Items.Select(c => c.Metadata.Name));
        Assert.Null(last.Metadata.ContinueProperty);
    }
}
