using System.Text.Json.Nodes;
using k8s.Models;
using OpenLocal.ApiServer;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Tests;

[Trait("Category", "Kubernetes")]
public sealed class InformerTests : ApiServerTest
{
    private ResourceClient<LocalVolume> Volumes => new(Client);

    private static LocalVolume Volume(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new LocalVolumeSpec { VolumeId = name, NodeName = "node-1", Type = "LVM", VgName = "vg", SizeBytes = 1 },
    };

    /// <summary>Waits for a callback to report a specific object.</summary>
    private sealed class Expect
    {
        private readonly Dictionary<string, TaskCompletionSource<LocalVolume>> waits = [];
        private readonly Lock gate = new();

        public Task<LocalVolume> For(string what)
        {
            lock (gate)
            {
                if (!waits.TryGetValue(what, out var tcs))
                    waits[what] = tcs = new TaskCompletionSource<LocalVolume>(TaskCreationOptions.RunContinuationsAsynchronously);
                return tcs.Task.WaitAsync(Deadline);
            }
        }

        public void Saw(string what, LocalVolume volume)
        {
            lock (gate)
            {
                if (!waits.TryGetValue(what, out var tcs))
                    waits[what] = tcs = new TaskCompletionSource<LocalVolume>(TaskCreationOptions.RunContinuationsAsynchronously);
                tcs.TrySetResult(volume);
            }
        }
    }

    private static Informer<LocalVolume> Observe(ResourceClient<LocalVolume> client, Expect expect, InformerOptions? options = null)
    {
        var informer = new Informer<LocalVolume>(client, options);
        informer.OnAdd = v => expect.Saw("add " + v.Metadata.Name, v);
        informer.OnUpdate = (_, v) => expect.Saw($"update {v.Metadata.Name} {v.Spec.SizeBytes}", v);
        informer.OnDelete = v => expect.Saw("delete " + v.Metadata.Name, v);
        return informer;
    }

    [Fact]
    public async Task Lists_then_follows_adds_updates_and_deletes()
    {
        await Volumes.CreateAsync(Volume("existing"));
        var expect = new Expect();
        await using var informer = Observe(Volumes, expect);
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Deadline);
        Assert.True(informer.HasSynced);
        await expect.For("add existing");
        Assert.NotNull(informer.Get("existing"));

        await Volumes.CreateAsync(Volume("v1"));
        await expect.For("add v1");
        await Volumes.UpdateAsync("v1", v =>
        {
            v.Spec.SizeBytes = 5;
            return true;
        });
        await expect.For("update v1 5");
        Assert.Equal(5, informer.Get("v1")!.Spec.SizeBytes);
        await Volumes.DeleteAsync("existing");
        await expect.For("delete existing");
        Assert.Null(informer.Get("existing"));
        Assert.Equal(["v1"], informer.List().Select(v => v.Metadata.Name));
    }

    [Fact]
    public async Task Survives_a_dropped_watch_without_losing_an_event()
    {
        var expect = new Expect();
        await using var informer = Observe(Volumes, expect);
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Deadline);
        await Volumes.CreateAsync(Volume("v1"));
        await expect.For("add v1");

        Server.DropWatches();
        await Volumes.CreateAsync(Volume("v2"));
        await Volumes.UpdateAsync("v1", v =>
        {
            v.Spec.SizeBytes = 7;
            return true;
        });

        await expect.For("add v2");
        await expect.For("update v1 7");
        Server.DropWatches();
        await Volumes.DeleteAsync("v2");
        await expect.For("delete v2");
    }

    [Fact]
    public async Task Relists_after_410_Gone_and_reports_what_changed_meanwhile()
    {
        var logger = new ListLogger();
        var expect = new Expect();
        await Volumes.CreateAsync(Volume("kept"));
        await Volumes.CreateAsync(Volume("removed"));
        using var release = new ManualResetEventSlim();
        await using var informer = Observe(Volumes, expect, new InformerOptions { Logger = logger });

        // Hold the informer's loop inside the callback for "kept" growing to 2: while it is held it cannot re-watch,
        // so the watch it opens afterwards starts from kept's version, which the compaction below makes too old.
        // (Without the hold, the loop may re-watch before the compaction and simply receive the changes as events.)
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var report = informer.OnUpdate!;
        informer.OnUpdate = (old, current) =>
        {
            if (current.Spec.SizeBytes == 2)
            {
                held.TrySetResult();
                release.Wait(Deadline);
            }
            report(old, current);
        };
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Deadline);
        await expect.For("add removed");
        await Volumes.UpdateAsync("kept", v =>
        {
            v.Spec.SizeBytes = 2;
            return true;
        });
        await held.Task.WaitAsync(Deadline);

        try
        {
            // Break the watch, change things directly in the store, and forget the history: the informer's
            // resourceVersion is now too old and it must relist.
            var type = Server.Resources.Find(CsiAliyunGroup.Name, CsiAliyunGroup.Version, LocalVolume.Plural)!;
            Server.DropWatches();
            Server.Store.Create(type, null, JsonNode.Parse(k8s.KubernetesJson.Serialize(Volume("added")))!.AsObject());
            Server.Store.Patch(type, null, "kept", current =>
            {
                var next = current.DeepClone().AsObject();
                next["spec"]!["sizeBytes"] = 9;
                return next;
            }, statusOnly: false);
            Server.Store.Delete(type, null, "removed");
            Server.Store.Compact();
        }
        finally
        {
            release.Set();
        }

        await expect.For("update kept 2");
        await expect.For("add added");
        await expect.For("update kept 9");
        await expect.For("delete removed");
        Assert.Contains(logger.Messages, m => m.Contains("relisting", StringComparison.Ordinal));
        Assert.Equal(["added", "kept"], informer.List().Select(v => v.Metadata.Name).Order());
    }

    [Fact]
    public async Task Resync_replays_every_cached_object_as_an_update()
    {
        await Volumes.CreateAsync(Volume("v1"));
        var resynced = new TaskCompletionSource<(LocalVolume Old, LocalVolume New)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var informer = new Informer<LocalVolume>(Volumes, new InformerOptions { ResyncPeriod = TimeSpan.FromMilliseconds(100) });
        informer.OnUpdate = (o, n) => resynced.TrySetResult((o, n));
        informer.Start();
        var (old, current) = await resynced.Task.WaitAsync(Deadline);
        Assert.Same(old, current);
        Assert.Equal("v1", current.Metadata.Name);
    }

    [Fact]
    public async Task Selects_by_label_and_namespace_for_namespaced_kinds()
    {
        var pods = new ResourceClient<V1Pod>(Client, namespaced: true);
        var added = new TaskCompletionSource<V1Pod>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var informer = new Informer<V1Pod>(pods, new InformerOptions { Namespace = "default", LabelSelector = "app=web" });
        informer.OnAdd = p => added.TrySetResult(p);
        informer.Start();
        await informer.WaitForSyncAsync().WaitAsync(Deadline);
        await pods.CreateAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "other-ns", NamespaceProperty = "kube-system", Labels = new Dictionary<string, string> { ["app"] = "web" } } });
        await pods.CreateAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "other-app", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "db" } } });
        await pods.CreateAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "web" } } });
        Assert.Equal("web-1", (await added.Task.WaitAsync(Deadline)).Metadata.Name);
        Assert.Equal(["web-1"], informer.List().Select(p => p.Metadata.Name));
        Assert.NotNull(informer.Get("web-1", "default"));
    }
}
