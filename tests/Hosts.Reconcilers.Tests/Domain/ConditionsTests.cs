using OpenLocal.Domain.Discovery;

namespace OpenLocal.Hosts.Reconcilers.Tests.Domain;

public class ConditionsTests
{
    [Theory]
    [InlineData(false, 0, 10, 10, StorageCondition.DiskReady)]
    [InlineData(true, 0, 10, 10, StorageCondition.DiskFault)]
    [InlineData(false, 1, 10, 10, StorageCondition.DiskFault)]
    [InlineData(false, 0, 0, 10, StorageCondition.DiskFull)]
    [InlineData(false, 0, 10, 0, StorageCondition.DiskFull)]
    public void Volume_group_conditions(bool partial, int missing, long free, long allocatable, StorageCondition expected) =>
        Assert.Equal(expected, Conditions.ForVolumeGroup(partial, missing, free, allocatable));

    [Theory]
    [InlineData("-wi-a-----", null, false, StorageCondition.DiskReady)]
    [InlineData("-wi-a---p-", null, false, StorageCondition.DiskFault)]
    [InlineData("-wi-a---r-", null, false, StorageCondition.DiskFault)]
    [InlineData("swi-I-s---", 100.0, true, StorageCondition.DiskFault)]
    [InlineData("swi-a-s---", 100.0, true, StorageCondition.DiskFull)]
    [InlineData("swi-a-s---", 40.0, true, StorageCondition.DiskReady)]
    public void Logical_volume_conditions(string attr, double? percent, bool snapshot, StorageCondition expected) =>
        Assert.Equal(expected, Conditions.ForLogicalVolume(attr, percent, snapshot));

    [Fact]
    public void Devices_and_mount_points()
    {
        Assert.Equal(StorageCondition.DiskFault, Conditions.ForDevice(0));
        Assert.Equal(StorageCondition.DiskFault, Conditions.ForDevice(10, "offline"));
        Assert.Equal(StorageCondition.DiskReady, Conditions.ForDevice(10, "running"));
        Assert.Equal(StorageCondition.DiskFault, Conditions.ForMountPoint(true, 10));
        Assert.Equal(StorageCondition.DiskFull, Conditions.ForMountPoint(false, 0));
        Assert.Equal(StorageCondition.DiskReady, Conditions.ForMountPoint(false, 1));
    }

    [Fact]
    public void Node_state_is_the_worst_part_and_names_it()
    {
        var (type, reason, message) = NodeStateSummary.Compute([
            new StorageProblem(StorageCondition.DiskFull, "VolumeGroupFull", "vg a: full"),
            new StorageProblem(StorageCondition.DiskFault, "DeviceFault", "device /dev/vdb: size 0"),
        ]);

        Assert.Equal(StorageCondition.DiskFault, type);
        Assert.Equal("DeviceFault", reason);
        Assert.Equal("device /dev/vdb: size 0", message);
        Assert.Equal((StorageCondition.DiskReady, "AllReady"), (NodeStateSummary.Compute([]).Type, NodeStateSummary.Compute([]).Reason));
    }

    [Fact]
    public void Transition_time_moves_only_when_the_type_changes()
    {
        var t0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var first = NodeStateSummary.Next(null, [], t0);
        var same = NodeStateSummary.Next(first, [], t0.AddMinutes(1));
        var changed = NodeStateSummary.Next(same, [new StorageProblem(StorageCondition.DiskFull, "VolumeGroupFull", "x")], t0.AddMinutes(2));

        Assert.Equal(t0, same.LastTransitionTime);
        Assert.Equal(t0.AddMinutes(1), same.LastHeartbeatTime);
        Assert.Equal(t0.AddMinutes(2), changed.LastTransitionTime);
    }

    [Fact]
    public void Lv_ownership_counts_our_prefixes_tags_and_snapshots()
    {
        var ours = new LogicalVolumeOwnership("local", "snap", "c1");

        Assert.True(ours.IsOurs("local-abc", [], null));
        Assert.True(ours.IsOurs("csi-abc", [], null));
        Assert.True(ours.IsOurs("snap-abc", [], "local-abc"));
        Assert.True(ours.IsOurs("anything", ["openlocal.cluster=c1"], null));
        Assert.False(ours.IsOurs("snap-abc", [], null));
        Assert.False(ours.IsOurs("data", ["openlocal.cluster=c2"], null));
    }
}
