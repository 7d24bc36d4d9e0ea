using OpenLocal.Domain.Discovery;

namespace OpenLocal.Hosts.Reconcilers.Tests.Domain;

public class StatusAndSelectionTests
{
    private static ListConfig Devices(string[] include, string[] exclude) =>
        ListConfig.Empty with { Devices = new NameSelection(include.ToValueArray(), exclude.ToValueArray()) };

    [Fact]
    public void Device_vector_from_the_spec_selects_whole_matches_only()
    {
        var r = StorageSelection.Apply(Devices(["/dev/vd[a-d]+"], ["/dev/vda", "/dev/vdb"]), [], [],
            ["/dev/vda", "/dev/vdb", "/dev/vdb1", "/dev/vdc", "/dev/vdd"], new HashSet<string>());

        Assert.Equal(["/dev/vdc", "/dev/vdd"], r.Devices);
        Assert.Equal(FilterUpdateStatus.Accepted, r.UpdateStatus);
    }

    [Fact]
    public void An_invalid_pattern_fails_the_filter_but_the_others_still_apply()
    {
        var config = ListConfig.Empty with { VolumeGroups = new NameSelection(ValueArray.Of("[", "vg1"), default) };

        var r = StorageSelection.Apply(config, ["vg1", "vg2"], [], [], new HashSet<string>());

        Assert.Equal(["vg1"], r.VolumeGroups);
        Assert.Equal(FilterUpdateStatus.Failed, r.UpdateStatus);
        Assert.Contains("\"[\"", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_in_use_are_never_selected_and_are_reported()
    {
        var r = StorageSelection.Apply(Devices([".*"], []), [], [], ["/dev/vdb", "/dev/vdc"], new HashSet<string> { "/dev/vdb" });

        Assert.Equal(["/dev/vdc"], r.Devices);
        Assert.Equal(["/dev/vdb"], r.DevicesInUse);
    }

    private static NodeStorageStatus Status(DateTimeOffset at, params string[] vgOrder) => new(
        new NodeStorageInfo(
            default,
            vgOrder.Select(n => new VolumeGroupStatus(n, ValueArray.Of("/dev/b", "/dev/a"), default, 10, 5, 5, StorageCondition.DiskReady)).ToValueArray(),
            default,
            NodeStoragePhase.Running,
            new NodeState(StorageCondition.DiskReady, "True", "AllReady", "ok", at, at)),
        new FilteredStorage(vgOrder.ToValueArray(), default, default, new FilterUpdateInfo(FilterUpdateStatus.Accepted, "", at)));

    [Fact]
    public void Change_detection_ignores_order_and_timestamps()
    {
        var t = DateTimeOffset.UnixEpoch;
        var a = Status(t, "x", "y");
        var b = Status(t.AddHours(1), "y", "x");

        Assert.False(a.DiffersFrom(b));
    }

    [Fact]
    public void Change_detection_sees_real_changes()
    {
        var t = DateTimeOffset.UnixEpoch;
        var a = Status(t, "x");
        var b = a with { Info = a.Info with { VolumeGroups = ValueArray.Of(a.Info.VolumeGroups[0] with { Allocatable = 4 }) } };

        Assert.True(a.DiffersFrom(b));
        Assert.True(a.DiffersFrom(null));
    }
}
