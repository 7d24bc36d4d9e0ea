using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenLocal.Application.Agent;
using OpenLocal.Cli.Commands;
using OpenLocal.Infrastructure.Fake;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Hosts.Reconcilers.Tests.Kubernetes;

[Trait("Category", "Kubernetes")]
public sealed class AgentKubernetesTests : IAsyncLifetime
{
    private const long Gi = 1L << 30;
    private const string Node = "node-1";
    private ApiServerFixture _api = null!;
    private IHost? _agent;

    public async Task InitializeAsync() => _api = await ApiServerFixture.StartAsync();

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.StopAsync();
            _agent.Dispose();
        }
        await _api.DisposeAsync();
    }

    private async Task<FakeMachine> StartAgentAsync(FakeBackendOptions? backend = null)
    {
        var options = new AgentOptions(
            AgentSettings.Default with { DeviceNamePattern = "^vd[a-z]+$" },
            new AgentHostOptions(Node, TimeSpan.FromSeconds(1)),
            AgentCommand.FakeBackendName);
        _agent = AgentCommand.BuildHost(options, _api.Client, services => services.AddFakeBackend(backend ?? FakeBackendOptions.Default));
        await _agent.StartAsync();
        return _agent.Services.GetRequiredService<FakeMachine>();
    }

    private async Task CreateStorageAsync(NodeLocalStorageSpec spec, Dictionary<string, string>? annotations = null)
    {
        spec.NodeName = Node;
        await _api.Client.CustomObjects.CreateClusterCustomObjectAsync<NodeLocalStorage>(
            new NodeLocalStorage { Metadata = new V1ObjectMeta { Name = Node, Annotations = annotations }, Spec = spec },
            CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural);
    }

    private Task<NodeLocalStorage> WaitForStatusAsync(Func<NodeLocalStorage, bool> condition, string what) =>
        _api.WaitForAsync(async () => await _api.FindStorageAsync(Node) is { Status.NodeStorageInfo: not null } nls && condition(nls) ? nls : null, what);

    private static ListConfig IncludeAll() => new()
    {
        Vgs = new NameFilterConfig { Include = [".*"] },
        MountPoints = new NameFilterConfig { Include = [".*"] },
        Devices = new NameFilterConfig { Include = [".*"] },
    };

    [Fact]
    public async Task Status_matches_the_fake_disks_and_kubectl_shows_open_locals_columns()
    {
        await CreateStorageAsync(new NodeLocalStorageSpec { ListConfig = IncludeAll() });
        await StartAgentAsync();

        var nls = await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.Phase == "Running", "the agent's first status");

        var info = nls.Status.NodeStorageInfo!;
        Assert.Equal(["/dev/vdb", "/dev/vdc", "/dev/vdd", "/dev/vde"], info.DeviceInfo!.Select(d => d.Name));
        var vg = Assert.Single(info.VolumeGroups!);
        Assert.Equal(("open-local-pool-0", 100 * Gi, 100 * Gi), (vg.Name, vg.Total, vg.Allocatable));
        Assert.Equal("/mnt/open-local/disk1", Assert.Single(info.MountPoints!).Name);
        Assert.Equal(("DiskReady", "True"), (info.State!.Type, info.State.Status));
        Assert.NotNull(info.State.LastHeartbeatTime);
        Assert.Equal(["/dev/vdc", "/dev/vdd"], nls.Status.FilteredStorageInfo!.Devices);
        Assert.Equal("accepted", nls.Status.FilteredStorageInfo.UpdateStatusInfo!.UpdateStatus);

        var table = await KubectlAsync("get", "nls");
        var header = table.Split('\n')[0];
        Assert.Matches(@"^NAME\s+STATE\s+PHASE\s+AGENTUPDATEAT\s+SCHEDULERUPDATEAT\s+SCHEDULERUPDATESTATUS\s*$", header);
        Assert.Matches(@"node-1\s+DiskReady\s+Running\s+\S+\s+\S+\s+accepted", table);
    }

    [Fact]
    public async Task Filters_use_the_whole_match_rule_and_reservations_apply_in_both_forms()
    {
        await CreateStorageAsync(
            new NodeLocalStorageSpec
            {
                ListConfig = new ListConfig
                {
                    Vgs = new NameFilterConfig { Include = ["open-local-pool-[0-9]+", "pool"] },
                    Devices = new NameFilterConfig { Include = ["/dev/vd[a-d]+"], Exclude = ["/dev/vda", "/dev/vdb"] },
                },
            },
            new() { ["csi.aliyun.com/storage-reserved"] = "{\"open-local-pool-0\":\"10%\"}" });
        var machine = await StartAgentAsync();
        machine.AddForeignLogicalVolume("open-local-pool-0", "foreign", 5 * Gi);

        var nls = await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.VolumeGroups?.FirstOrDefault()?.Allocatable == 90 * Gi, "allocatable 90Gi (10% reserved)");
        Assert.Equal(["open-local-pool-0"], nls.Status.FilteredStorageInfo!.VolumeGroups);
        Assert.Equal(["/dev/vdc", "/dev/vdd"], nls.Status.FilteredStorageInfo.Devices);

        var absolute = new V1Patch("""{"metadata":{"annotations":{"csi.aliyun.com/storage-reserved":"{\"open-local-pool-0\":\"20Gi\"}"}}}""", V1Patch.PatchType.MergePatch);
        await _api.Client.CustomObjects.PatchClusterCustomObjectAsync(absolute, CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, Node);
        await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.VolumeGroups?.FirstOrDefault()?.Allocatable == 80 * Gi, "allocatable 80Gi (20Gi reserved)");
    }

    [Fact]
    public async Task A_full_pool_is_disk_full_and_a_missing_listed_device_is_disk_fault()
    {
        await CreateStorageAsync(new NodeLocalStorageSpec { ListConfig = IncludeAll() });
        var machine = await StartAgentAsync();
        machine.AddForeignLogicalVolume("open-local-pool-0", "foreign", 100 * Gi);

        var full = await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.State?.Type == "DiskFull", "DiskFull");
        Assert.Equal("DiskFull", full.Status.NodeStorageInfo!.VolumeGroups![0].Condition);

        await _api.UpdateStorageAsync(Node, nls => nls.Spec.ResourceToBeInited = new ResourceToBeInited { Vgs = [new VolumeGroupToInit { Name = "pool-x", Devices = ["/dev/vdz"] }] });
        var fault = await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.State?.Type == "DiskFault", "DiskFault");
        Assert.Contains("/dev/vdz", fault.Status.NodeStorageInfo!.State!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_creates_the_vg_once_and_publishes_it()
    {
        await CreateStorageAsync(new NodeLocalStorageSpec
        {
            ListConfig = IncludeAll(),
            ResourceToBeInited = new ResourceToBeInited { Vgs = [new VolumeGroupToInit { Name = "pool-new", Devices = ["/dev/vdc"] }] },
        });
        await StartAgentAsync();

        var nls = await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.VolumeGroups?.Any(v => v.Name == "pool-new") == true, "pool-new in the status");
        Assert.Equal(50 * Gi, nls.Status.NodeStorageInfo!.VolumeGroups!.Single(v => v.Name == "pool-new").Total);
        // Another spec change (new generation) runs initialisation again; it must not touch the existing VG. The
        // change also asks for a second VG, listed after the first: once that VG is published, the run that would
        // have re-created pool-new is over (the new filter alone may be published by a periodic refresh before it).
        await _api.UpdateStorageAsync(Node, nls =>
        {
            nls.Spec.ListConfig = new ListConfig { Vgs = new NameFilterConfig { Include = ["pool-new"] } };
            nls.Spec.ResourceToBeInited!.Vgs!.Add(new VolumeGroupToInit { Name = "pool-two", Devices = ["/dev/vdd"] });
        });
        await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.VolumeGroups?.Any(v => v.Name == "pool-two") == true
            && n.Status.FilteredStorageInfo?.VolumeGroups?.SequenceEqual(["pool-new"]) == true, "pool-two and the new filter");
        var fakeVgs = _agent!.Services.GetRequiredService<FakeVolumeGroups>();
        Assert.Equal(2, fakeVgs.Faults.Calls.Count(c => c == "CreateAsync"));
        Assert.DoesNotContain(await _api.EventsAsync(), e => e.Reason.StartsWith("CreateVG", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_regex_is_reported_on_the_nls_and_as_an_event()
    {
        await CreateStorageAsync(new NodeLocalStorageSpec { ListConfig = new ListConfig { Vgs = new NameFilterConfig { Include = ["[", "open-local-pool-0"] } } });
        await StartAgentAsync();

        var nls = await WaitForStatusAsync(n => n.Status.FilteredStorageInfo?.UpdateStatusInfo?.UpdateStatus == "failed", "updateStatus failed");
        Assert.Contains("\"[\"", nls.Status.FilteredStorageInfo!.UpdateStatusInfo!.Reason, StringComparison.Ordinal);
        Assert.Equal(["open-local-pool-0"], nls.Status.FilteredStorageInfo.VolumeGroups);
        var ev = await _api.WaitForAsync(async () => (await _api.EventsAsync()).FirstOrDefault(e => e.Reason == "InvalidListConfig"), "the InvalidListConfig event");
        Assert.Equal(("Warning", "NodeLocalStorage", Node), (ev.Type, ev.InvolvedObject.Kind, ev.InvolvedObject.Name));
    }

    private async Task<string> KubectlAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--server");
        psi.ArgumentList.Add(_api.BaseUri.ToString());
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        Assert.True(process.ExitCode == 0, $"kubectl failed: {await error}");
        return await output;
    }
}
