using OpenLocal.Application.Ports;
using OpenLocal.Application.Snapshots.ReconcileSnapshot;
using OpenLocal.Application.Volumes.ReconcileVolume;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Provisioning;

/// <summary>The node side (crds.md §5/§6 lifecycle) on the fake backend.</summary>
public sealed class ReconcileTests
{
    [Fact]
    public async Task An_lv_left_by_an_earlier_attempt_is_adopted_and_grown_not_created_again()
    {
        using var node = FakeNode.Start();
        node.Machine.AddForeignLogicalVolume("open-local-pool-0", "local-1", GiB, "openlocal.volume-id=local-1");
        await node.Get<IVolumeStore>().CreateAsync(new LocalVolume("local-1", "node-1", VolumeType.LVM, "open-local-pool-0", 2 * GiB), default);

        var outcome = await node.Mediator.Send(new ReconcileVolumeCommand("local-1"));

        Assert.Equal(VolumePhase.Ready, outcome!.Phase);
        Assert.Equal(2 * GiB, outcome.CapacityBytes);
        Assert.DoesNotContain(nameof(ILogicalVolumes.CreateAsync), node.Get<FakeLogicalVolumes>().Faults.Calls);
        Assert.Equal(2 * GiB, Assert.Single(node.Machine.LogicalVolumesOf("open-local-pool-0")).SizeBytes);
    }

    [Fact]
    public async Task An_unknown_record_reconciles_to_nothing()
    {
        using var node = FakeNode.Start();

        Assert.Null(await node.Mediator.Send(new ReconcileVolumeCommand("nope")));
        Assert.Null(await node.Mediator.Send(new ReconcileSnapshotCommand("nope")));
    }

    [Fact]
    public async Task Failures_are_written_to_the_record_with_their_kind()
    {
        using var node = FakeNode.Start();
        var store = node.Get<IVolumeStore>();
        await store.CreateAsync(new LocalVolume("dev-1", "node-1", VolumeType.Device, "/dev/gone", GiB), default);
        await store.CreateAsync(new LocalVolume("mp-1", "node-1", VolumeType.MountPoint, "/mnt/open-local/none", GiB), default);
        await store.CreateAsync(new LocalVolume("big", "node-1", VolumeType.LVM, "open-local-pool-0", 200 * GiB), default);

        var device = await node.Mediator.Send(new ReconcileVolumeCommand("dev-1"));
        var mountPoint = await node.Mediator.Send(new ReconcileVolumeCommand("mp-1"));
        var big = await node.Mediator.Send(new ReconcileVolumeCommand("big"));

        Assert.Equal((VolumePhase.Failed, FailureKind.NotFound), (device!.Phase, device.FailureKind!.Value));
        Assert.Equal((VolumePhase.Failed, FailureKind.NotFound), (mountPoint!.Phase, mountPoint.FailureKind!.Value));
        Assert.Equal((VolumePhase.Failed, FailureKind.InsufficientCapacity), (big!.Phase, big.FailureKind!.Value));
        Assert.Equal(VolumePhase.Failed, (await store.FindAsync("big", default))!.Phase);
    }

    [Fact]
    public async Task A_pending_expansion_is_applied_by_the_next_reconcile()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));
        var store = node.Get<IVolumeStore>();
        var record = await store.FindAsync("local-1", default);
        await store.UpdateAsync(record!.RequestExpansion(3 * GiB), default);

        var outcome = await node.Mediator.Send(new ReconcileVolumeCommand("local-1"));

        Assert.Equal(3 * GiB, outcome!.CapacityBytes);
        Assert.False(outcome.NeedsExpansion);
    }

    [Fact]
    public async Task A_snapshot_whose_origin_is_gone_fails_NotFound()
    {
        using var node = FakeNode.Start();
        await node.Get<ISnapshotStore>().CreateAsync(new Snapshot("snap-1", "local-gone", "node-1", "open-local-pool-0", GiB), default);

        var outcome = await node.Mediator.Send(new ReconcileSnapshotCommand("snap-1"));

        Assert.Equal(VolumePhase.Failed, outcome!.Phase);
        Assert.Equal(FailureKind.NotFound, outcome.FailureKind);
    }
}
