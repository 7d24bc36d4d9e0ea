using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Tests.Pools;

/// <summary>crds.md §5 "Ledger rule".</summary>
public sealed class CapacityLedgerTests
{
    private const long GiB = 1L << 30;

    private static readonly NodeStorage Node = new(
        "node-1", "host-1",
        [new VolumeGroupPool("vg", 100 * GiB, 90 * GiB)],
        [new ExclusiveDevice("/dev/vdc", MediaType.Ssd, 50 * GiB)],
        [new MountPointPool("/mnt/open-local/disk1", MediaType.Hdd, 20 * GiB, "ext4")]);

    [Fact]
    public void Lvm_volumes_count_the_larger_of_requested_and_actual_size()
    {
        var requested = new LocalVolume("a", "node-1", VolumeType.LVM, "vg", 10 * GiB);
        var grownOnDisk = new LocalVolume("b", "node-1", VolumeType.LVM, "vg", 5 * GiB).MarkReady(8 * GiB, "/dev/vg/b");

        var result = CapacityLedger.Apply(Node, [requested, grownOnDisk], []);

        Assert.Equal(90 * GiB - 18 * GiB, result.VolumeGroups[0].FreeBytes);
    }

    [Fact]
    public void Read_only_restores_hold_no_capacity()
    {
        var restore = new LocalVolume("r", "node-1", VolumeType.LVM, "vg", 30 * GiB) { Source = new VolumeSource("snap-1", RestoreMode.ReadOnly) };
        var copy = new LocalVolume("c", "node-1", VolumeType.LVM, "vg", 30 * GiB) { Source = new VolumeSource("snap-1", RestoreMode.Copy) };

        var result = CapacityLedger.Apply(Node, [restore, copy], []);

        Assert.Equal(60 * GiB, result.VolumeGroups[0].FreeBytes);
    }

    [Fact]
    public void Snapshots_count_their_cow_size_in_their_vg()
    {
        var snapshot = new Snapshot("snap-1", "a", "node-1", "vg", 4 * GiB).MarkReady(6 * GiB, DateTimeOffset.UnixEpoch);

        var result = CapacityLedger.Apply(Node, [], [snapshot]);

        Assert.Equal(84 * GiB, result.VolumeGroups[0].FreeBytes);
    }

    [Fact]
    public void Devices_and_mount_points_are_taken_as_soon_as_a_record_names_them()
    {
        var device = new LocalVolume("d", "node-1", VolumeType.Device, "/dev/vdc", 1);
        var mountPoint = new LocalVolume("m", "node-1", VolumeType.MountPoint, "/mnt/open-local/disk1", 1);

        var result = CapacityLedger.Apply(Node, [device, mountPoint], []);

        Assert.Equal("d", result.Devices[0].AllocatedTo);
        Assert.Equal("m", result.MountPoints[0].AllocatedTo);
    }

    [Fact]
    public void Records_of_other_nodes_and_unknown_pools_are_ignored()
    {
        var elsewhere = new LocalVolume("x", "node-2", VolumeType.LVM, "vg", 10 * GiB);
        var unknownVg = new LocalVolume("y", "node-1", VolumeType.LVM, "vg-gone", 10 * GiB);
        var otherSnapshot = new Snapshot("s", "x", "node-2", "vg", GiB);

        var result = CapacityLedger.Apply(Node, [elsewhere, unknownVg], [otherSnapshot]);

        Assert.Equal(90 * GiB, result.VolumeGroups[0].FreeBytes);
        Assert.True(result.Devices[0].IsFree);
    }

    [Fact]
    public void An_over_committed_vg_reports_zero_free_instead_of_failing()
    {
        var big = new LocalVolume("a", "node-1", VolumeType.LVM, "vg", 95 * GiB);

        var result = CapacityLedger.Apply(Node, [big], []);

        Assert.Equal(0, result.VolumeGroups[0].FreeBytes);
        Assert.False(result.VolumeGroups[0].Fits(1));
    }

    [Fact]
    public void The_input_node_is_not_changed()
    {
        CapacityLedger.Apply(Node, [new LocalVolume("a", "node-1", VolumeType.LVM, "vg", GiB)], []);

        Assert.Equal(90 * GiB, Node.VolumeGroups[0].FreeBytes);
    }
}
