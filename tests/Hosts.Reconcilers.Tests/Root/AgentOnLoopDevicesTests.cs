using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenLocal.Application.Agent;
using OpenLocal.Application.Ports;
using OpenLocal.Cli.Commands;
using OpenLocal.Hosts.Reconcilers.Tests.Kubernetes;
using OpenLocal.Infrastructure.Commands;
using OpenLocal.Infrastructure.Device;
using OpenLocal.Infrastructure.Kubernetes.Resources;
using OpenLocal.Infrastructure.Lvm;

namespace OpenLocal.Hosts.Reconcilers.Tests.Root;

/// <summary>
/// The agent composed as <c>openlocal agent --backend lvm</c> (real lvm2, sysfs, blkid) against the
/// embedded API server, on loop devices. lvm2 runs metadata-only: these hosts have no device-mapper
/// (testing.md). Each test owns unique VG names and its loops, and removes them even on failure.
/// </summary>
[Trait("Category", "Root")]
public sealed class AgentOnLoopDevicesTests : IAsyncLifetime
{
    private const long Mi = 1L << 20;
    private const string Node = "node-root";
    private static readonly LvmOptions Lvm = new() { Activation = LvmActivationMode.MetadataOnly };
    private readonly string _prefix = "olt-" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<LoopDevice> _loops = [];
    private readonly DirectoryInfo _mountRoot = Directory.CreateTempSubdirectory("openlocal-agent-root-");
    private ApiServerFixture _api = null!;
    private IHost? _agent;

    private string VgName(int i) => $"{_prefix}-{i}";

    public async Task InitializeAsync()
    {
        _api = await ApiServerFixture.StartAsync();
        _loops.Add(await LoopDevice.CreateAsync(256 * Mi));
        _loops.Add(await LoopDevice.CreateAsync(128 * Mi));
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_agent is not null)
            {
                await _agent.StopAsync();
                _agent.Dispose();
            }
        }
        finally
        {
            for (var i = 0; i < _loops.Count; i++)
                await LoopDevice.RunAsync("lvm", "vgremove", "-f", VgName(i), "--driverloaded", "n");
            foreach (var loop in _loops)
            {
                await LoopDevice.RunAsync("lvm", "pvremove", "-ff", "-y", loop.Path, "--driverloaded", "n");
                await loop.DisposeAsync();
            }
            _mountRoot.Delete(recursive: true);
            await _api.DisposeAsync();
        }
    }

    private static void AddRealBackend(IServiceCollection services)
    {
        services.AddProcessCommandRunner();
        services.AddLvmBackend(Lvm);
        services.AddDeviceBackend(new DeviceOptions());
    }

    private async Task StartAgentAsync()
    {
        // Loop devices are not in the default --regexp (node-agent.md §1): included by configuration.
        var options = new AgentOptions(
            AgentSettings.Default with { DeviceNamePattern = "^loop[0-9]+$", MountRoot = _mountRoot.FullName },
            new AgentHostOptions(Node, TimeSpan.FromSeconds(1)),
            AgentCommand.LvmBackendName);
        _agent = AgentCommand.BuildHost(options, _api.Client, AddRealBackend);
        await _agent.StartAsync();
    }

    private Task CreateStorageAsync(NodeLocalStorageSpec spec)
    {
        spec.NodeName = Node;
        return _api.Client.CustomObjects.CreateClusterCustomObjectAsync<NodeLocalStorage>(
            new NodeLocalStorage { Metadata = new V1ObjectMeta { Name = Node }, Spec = spec },
            CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural);
    }

    private ListConfig OnlyOurs() => new()
    {
        Vgs = new NameFilterConfig { Include = [Regex.Escape(_prefix) + "-[0-9]+"] },
        Devices = new NameFilterConfig { Include = [.. _loops.Select(l => Regex.Escape(l.Path))] },
    };

    private Task<NodeLocalStorage> WaitForStatusAsync(Func<NodeLocalStorage, bool> condition, string what) =>
        _api.WaitForAsync(async () => await _api.FindStorageAsync(Node) is { Status.NodeStorageInfo: not null } nls && condition(nls) ? nls : null, what, TimeSpan.FromSeconds(60));

    private static async Task<string> RunAsync(string fileName, params string[] arguments)
    {
        var result = await LoopDevice.RunAsync(fileName, arguments);
        Assert.True(result.Succeeded, $"{fileName} {string.Join(' ', arguments)} failed: {result.StandardError}");
        return result.StandardOutput.Trim();
    }

    [Fact]
    public async Task Publishes_the_real_loop_devices_and_volume_group()
    {
        await using (var provider = new ServiceCollection().AddLogging().AddProcessCommandRunner().AddLvmBackend(Lvm).BuildServiceProvider())
            await provider.GetRequiredService<IVolumeGroups>().CreateAsync(VgName(0), [_loops[0].Path], force: false, CancellationToken.None);
        await CreateStorageAsync(new NodeLocalStorageSpec { ListConfig = OnlyOurs() });
        await StartAgentAsync();

        var nls = await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.VolumeGroups?.Any(v => v.Name == VgName(0)) == true, "the test's VG in the status");

        var info = nls.Status.NodeStorageInfo!;
        var devices = info.DeviceInfo!.ToDictionary(d => d.Name!);
        Assert.Equal(256 * Mi, devices[_loops[0].Path].Total);
        Assert.Equal(128 * Mi, devices[_loops[1].Path].Total);
        // The status lists every VG on the node (other tests may own some); the filter picks ours.
        var vg = Assert.Single(info.VolumeGroups!, v => v.Name == VgName(0));
        // 256 MiB minus lvm2's 1 MiB metadata area, in whole 4 MiB extents; nothing allocated or reserved.
        Assert.Equal((VgName(0), 252 * Mi, 252 * Mi), (vg.Name, vg.Total, vg.Allocatable));
        Assert.Equal([_loops[0].Path], vg.PhysicalVolumes);
        Assert.Equal([VgName(0)], nls.Status.FilteredStorageInfo!.VolumeGroups);
        // Both loops match the device include, but the VG's PV is not offered as an exclusive device.
        Assert.Equal([_loops[1].Path], nls.Status.FilteredStorageInfo.Devices);
    }

    [Fact]
    public async Task Init_creates_a_volume_group_on_a_blank_loop_device()
    {
        await CreateStorageAsync(new NodeLocalStorageSpec
        {
            ListConfig = OnlyOurs(),
            ResourceToBeInited = new ResourceToBeInited { Vgs = [new VolumeGroupToInit { Name = VgName(1), Devices = [_loops[1].Path] }] },
        });
        await StartAgentAsync();

        var nls = await WaitForStatusAsync(n => n.Status.NodeStorageInfo!.VolumeGroups?.Any(v => v.Name == VgName(1)) == true, "the initialised VG in the status");

        Assert.Equal(124 * Mi, nls.Status.NodeStorageInfo!.VolumeGroups!.Single(v => v.Name == VgName(1)).Total);
        var pvs = await RunAsync("lvm", "vgs", "--noheadings", "-o", "pv_name", VgName(1), "--driverloaded", "n");
        Assert.Equal(_loops[1].Path, pvs);
    }

    [Fact]
    public async Task Init_refuses_a_device_with_a_filesystem_and_leaves_it_untouched()
    {
        await RunAsync("mkfs.ext4", "-q", "-F", _loops[1].Path);
        await CreateStorageAsync(new NodeLocalStorageSpec
        {
            ListConfig = OnlyOurs(),
            ResourceToBeInited = new ResourceToBeInited { Vgs = [new VolumeGroupToInit { Name = VgName(1), Devices = [_loops[1].Path] }] },
        });
        await StartAgentAsync();

        var ev = await _api.WaitForAsync(async () => (await _api.EventsAsync()).FirstOrDefault(e => e.Reason == "CreateVGSkipped"), "the CreateVGSkipped event", TimeSpan.FromSeconds(60));

        Assert.Equal(("Warning", Node), (ev.Type, ev.InvolvedObject.Name));
        Assert.Contains(_loops[1].Path, ev.Message, StringComparison.Ordinal);
        Assert.Equal("ext4", await RunAsync("blkid", "-o", "value", "-s", "TYPE", _loops[1].Path));
        var vgs = await LoopDevice.RunAsync("lvm", "vgs", VgName(1), "--driverloaded", "n");
        Assert.False(vgs.Succeeded, $"the VG must not exist: {vgs.StandardOutput}");
    }
}
