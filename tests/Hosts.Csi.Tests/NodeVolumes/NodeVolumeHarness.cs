using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Application;
using OpenLocal.Application.NodeVolumes;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake;
using OpenLocal.Hosts.Csi;

namespace OpenLocal.Hosts.Csi.Tests.NodeVolumes;

/// <summary>The Application pipeline over the fake node, for the NodeVolumes use cases.</summary>
public sealed class NodeVolumeHarness : IAsyncDisposable
{
    public const string Vg = "open-local-pool-0";

    /// <summary>A publish target in kubelet's layout under the default kubelet dir (in memory only: the fake node).</summary>
    public const string Target = "/var/lib/kubelet/pods/pod-1/volumes/kubernetes.io~csi/t/mount";

    public static string KubeletTarget(string name) => $"/var/lib/kubelet/pods/pod-1/volumes/kubernetes.io~csi/{name}/mount";
    private readonly ServiceProvider _services;

    public NodeVolumeHarness(NodePublishOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders());
        services.AddOpenLocalApplication();
        services.AddFakeBackend();
        services.AddStandaloneProvisioning();
        services.AddNodeVolumes(new NodeIdentity("node-1"), options ?? new NodePublishOptions());
        // The mediator builds every handler; the agent/controller ones need their ports resolvable.
        _services = services.BuildServiceProvider();
    }

    public IMediator Mediator => _services.GetRequiredService<IMediator>();
    public FakeMachine Machine => _services.GetRequiredService<FakeMachine>();
    public FakeIoThrottles Throttles => _services.GetRequiredService<FakeIoThrottles>();
    public IVolumeStore Volumes => _services.GetRequiredService<IVolumeStore>();
    public ILogicalVolumes LogicalVolumes => _services.GetRequiredService<ILogicalVolumes>();

    /// <summary>A provisioned, ready LVM volume: record plus LV, as CreateVolume leaves it.</summary>
    public async Task<LocalVolume> ReadyLvmVolumeAsync(string id, long size = 1L << 30, AccessType access = AccessType.Mount, Func<LocalVolume, LocalVolume>? shape = null)
    {
        var lv = await LogicalVolumes.CreateAsync(new LogicalVolumeSpec(Vg, id, size, LvmLayout.Linear, []), CancellationToken.None);
        var volume = new LocalVolume(id, "node-1", VolumeType.LVM, Vg, size) { AccessType = access };
        volume = (shape ?? (v => v))(volume).MarkReady(lv.SizeBytes, lv.DevicePath);
        await Volumes.CreateAsync(volume, CancellationToken.None);
        return volume;
    }

    public MountInfo? MountAt(string target) => Machine.MountTable.LastOrDefault(m => m.Target == target);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
