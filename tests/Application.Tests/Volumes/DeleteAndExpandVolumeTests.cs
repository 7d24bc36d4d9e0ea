using OpenLocal.Application.Ports;
using OpenLocal.Application.Snapshots.CreateSnapshot;
using OpenLocal.Application.Volumes;
using OpenLocal.Application.Volumes.DeleteVolume;
using OpenLocal.Application.Volumes.ExpandVolume;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Volumes;

/// <summary>DeleteVolume (csi.md §5.2) and ControllerExpandVolume (§5.3) on the fake backend.</summary>
public sealed class DeleteAndExpandVolumeTests
{
    private static readonly Dictionary<string, string> NoParameters = [];

    [Fact]
    public async Task Deleting_an_unknown_volume_succeeds()
    {
        using var node = FakeNode.Start();

        await node.Mediator.Send(new DeleteVolumeCommand("never-existed"));
    }

    [Fact]
    public async Task Deleting_an_lvm_volume_removes_its_lv_and_record_and_frees_the_space()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 100 * GiB));

        await node.Mediator.Send(new DeleteVolumeCommand("local-1"));
        await node.Mediator.Send(new DeleteVolumeCommand("local-1"));

        Assert.Empty(node.Machine.LogicalVolumesOf("open-local-pool-0"));
        Assert.Null(await node.Get<IVolumeStore>().FindAsync("local-1", default));
        await node.Mediator.Send(Create("local-2", 100 * GiB));
    }

    [Fact]
    public async Task A_volume_with_snapshots_cannot_be_deleted()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", NoParameters, false));

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new DeleteVolumeCommand("local-1")).AsTask());

        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
        Assert.Contains("has snapshots, delete them first", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, node.Machine.LogicalVolumesOf("open-local-pool-0").Count);
    }

    [Fact]
    public async Task Deleting_a_device_volume_wipes_the_device_so_it_can_be_reused()
    {
        using var node = FakeNode.Start();
        var created = await node.Mediator.Send(Create("dev-1", GiB, With("Device")));
        node.Machine.SetSignature(created.Context["Device"], "ext4");

        await node.Mediator.Send(new DeleteVolumeCommand("dev-1"));

        Assert.Null(await node.Get<IFilesystems>().ProbeAsync(created.Context["Device"], default));
        var again = await node.Mediator.Send(Create("dev-2", GiB, With("Device")));
        Assert.Equal(created.Context["Device"], again.Context["Device"]);
    }

    [Fact]
    public async Task Deleting_a_mount_point_volume_empties_it_but_keeps_it_mounted()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("mp-1", GiB, With("MountPoint")));
        node.Machine.SetUsedBytes("/dev/vde", 5 * GiB);

        await node.Mediator.Send(new DeleteVolumeCommand("mp-1"));

        var stats = await node.Get<IFilesystems>().GetStatsAsync("/mnt/open-local/disk1", default);
        Assert.Equal(0, stats.UsedBytes);
        Assert.NotNull(await node.Get<IMounts>().FindAsync("/mnt/open-local/disk1", default));
    }

    [Fact]
    public async Task A_failed_removal_keeps_the_record_so_that_the_retry_finishes_it()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));
        node.Get<FakeLogicalVolumes>().Faults.FailNext(1, FailureKind.Internal, nameof(ILogicalVolumes.RemoveIfExistsAsync));

        await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new DeleteVolumeCommand("local-1")).AsTask());
        Assert.Equal(VolumePhase.Deleting, (await node.Get<IVolumeStore>().FindAsync("local-1", default))!.Phase);

        await node.Mediator.Send(new DeleteVolumeCommand("local-1"));
        Assert.Empty(node.Machine.LogicalVolumesOf("open-local-pool-0"));
    }

    [Theory]
    [InlineData(AccessType.Mount, true)]
    [InlineData(AccessType.Block, false)]
    public async Task Expansion_grows_the_lv_and_asks_for_node_expansion_only_for_filesystems(AccessType access, bool nodeExpansion)
    {
        using var node = FakeNode.Start();
        var capability = access == AccessType.Mount ? VolumeCapability.Mount("xfs") : VolumeCapability.Block();
        await node.Mediator.Send(Create("local-1", GiB, capability: capability));

        var result = await node.Mediator.Send(new ExpandVolumeCommand("local-1", 3 * GiB + 1, 0, access));

        Assert.Equal(3 * GiB + 4 * MiB, result.CapacityBytes);
        Assert.Equal(nodeExpansion, result.NodeExpansionRequired);
        Assert.Equal(3 * GiB + 4 * MiB, Assert.Single(node.Machine.LogicalVolumesOf("open-local-pool-0")).SizeBytes);
    }

    [Fact]
    public async Task Expanding_to_the_current_size_or_less_changes_nothing()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 2 * GiB));

        var result = await node.Mediator.Send(new ExpandVolumeCommand("local-1", GiB, 0, null));

        Assert.Equal(2 * GiB, result.CapacityBytes);
        Assert.DoesNotContain(nameof(ILogicalVolumes.ExtendAsync), node.Get<FakeLogicalVolumes>().Faults.Calls);
    }

    [Fact]
    public async Task Expansion_beyond_the_vg_free_space_is_refused_before_touching_lvm()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 50 * GiB));
        await node.Mediator.Send(Create("local-2", 40 * GiB));

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new ExpandVolumeCommand("local-1", 61 * GiB, 0, null)).AsTask());

        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
        Assert.Equal("insufficient space in VG open-local-pool-0 on node node-1: need 11Gi, free 10Gi", ex.Message);
        Assert.DoesNotContain(nameof(ILogicalVolumes.ExtendAsync), node.Get<FakeLogicalVolumes>().Faults.Calls);
    }

    [Fact]
    public async Task Expansion_beyond_the_limit_is_OutOfRange()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new ExpandVolumeCommand("local-1", 2 * GiB + 1, 2 * GiB + 2, null)).AsTask());

        Assert.Equal(FailureKind.OutOfRange, ex.Kind);
    }

    [Fact]
    public async Task Expanding_an_unknown_volume_is_NotFound_and_a_device_volume_is_InvalidArgument()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("dev-1", GiB, With("Device")));

        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new ExpandVolumeCommand("nope", GiB, 0, null)).AsTask())).Kind);
        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new ExpandVolumeCommand("dev-1", 2 * GiB, 0, null)).AsTask());
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
        Assert.Equal("volume type Device cannot be expanded", ex.Message);
    }

    [Fact]
    public async Task An_origin_with_snapshots_cannot_grow()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", NoParameters, false));

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new ExpandVolumeCommand("local-1", 2 * GiB, 0, null)).AsTask());

        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
        Assert.Contains("Snapshot origin volumes can be resized only while inactive", ex.Message, StringComparison.Ordinal);
    }
}
