using OpenLocal.Application.Capacity.GetCapacity;
using OpenLocal.Application.Pipeline;
using OpenLocal.Application.Snapshots.CreateSnapshot;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Capacity;

/// <summary>GetCapacity (csi.md §5.5) counts the ledger, not the disks.</summary>
public sealed class GetCapacityTests
{
    [Fact]
    public async Task Lvm_capacity_is_allocatable_minus_volumes_and_snapshots()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 10 * GiB));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", new Dictionary<string, string>(), false));

        var all = await node.Mediator.Send(new GetCapacityQuery(Lvm(), null));
        var pinned = await node.Mediator.Send(new GetCapacityQuery(Lvm(("vgName", "open-local-pool-0")), "node-1"));
        var unknownVg = await node.Mediator.Send(new GetCapacityQuery(Lvm(("vgName", "nope")), "node-1"));

        Assert.Equal(86 * GiB, all.AvailableBytes);
        Assert.Equal(86 * GiB, all.MaximumVolumeSizeBytes);
        Assert.Equal(86 * GiB, pinned.AvailableBytes);
        Assert.Equal(0, unknownVg.AvailableBytes);
    }

    [Fact]
    public async Task Device_capacity_sums_the_free_devices_of_the_media_type()
    {
        using var node = FakeNode.Start();

        var any = await node.Mediator.Send(new GetCapacityQuery(With("Device"), null));
        var ssd = await node.Mediator.Send(new GetCapacityQuery(With("Device", ("mediaType", "ssd")), null));
        await node.Mediator.Send(Create("dev-1", GiB, With("Device", ("mediaType", "hdd"))));
        var afterwards = await node.Mediator.Send(new GetCapacityQuery(With("Device"), null));

        Assert.Equal(250 * GiB, any.AvailableBytes);
        Assert.Equal(200 * GiB, any.MaximumVolumeSizeBytes);
        Assert.Equal(50 * GiB, ssd.AvailableBytes);
        Assert.Equal(50 * GiB, afterwards.AvailableBytes);
    }

    [Fact]
    public async Task Mount_point_capacity_and_unknown_hostnames()
    {
        using var node = FakeNode.Start();

        Assert.Equal(20 * GiB, (await node.Mediator.Send(new GetCapacityQuery(With("MountPoint"), "node-1"))).AvailableBytes);
        var elsewhere = await node.Mediator.Send(new GetCapacityQuery(With("MountPoint"), "node-9"));
        Assert.Equal(0, elsewhere.AvailableBytes);
        Assert.Equal(0, elsewhere.MaximumVolumeSizeBytes);
    }

    [Fact]
    public async Task Invalid_parameters_are_InvalidArgument()
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(new GetCapacityQuery(With("Device", ("mediaType", "tape")), null)).AsTask());

        Assert.Contains(ex.Errors, e => e.Field == "Parameters[mediaType]");
    }
}
