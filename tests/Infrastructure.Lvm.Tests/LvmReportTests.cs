using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Lvm.Tests;

public sealed class LvmReportTests
{
    // Captured on a test machine: lvm2 2.03.16, metadata-only mode, two VGs on loop devices and one orphan PV.
    private static readonly string Captured = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "fullreport-metadata-only.json"));

    [Fact]
    public void Parses_every_volume_group_with_sizes_in_bytes_sorted_by_name()
    {
        var groups = LvmReport.Parse(Captured);

        Assert.Equal(["olempty", "olexp"], groups.Select(g => g.Name));
        var exp = groups[1];
        Assert.Equal(2139095040, exp.SizeBytes);
        Assert.Equal(775946240, exp.FreeBytes);
        Assert.Equal(4194304, exp.ExtentSizeBytes);
        Assert.Equal(["/dev/loop0", "/dev/loop1"], exp.PhysicalVolumes);
        Assert.Equal(["openlocal.pool=exp"], exp.Tags);
        Assert.False(exp.Partial);
    }

    [Fact]
    public void Parses_logical_volumes_with_tags_and_attributes()
    {
        var exp = LvmReport.Parse(Captured).Single(g => g.Name == "olexp");

        var lv1 = exp.LogicalVolumes.Single(lv => lv.Name == "lv1");
        Assert.Equal(104857600, lv1.SizeBytes);
        Assert.Equal("-wi-XX----", lv1.Attributes);
        Assert.Equal(["openlocal.kind=volume", "openlocal.pvc=default/x", "openlocal.volume-id=local-1234"], lv1.Tags);
        Assert.Null(lv1.Origin);
        Assert.Null(lv1.Pool);
        Assert.Null(lv1.DataPercent);
        Assert.False(lv1.IsActive);
        Assert.Equal("/dev/olexp/lv1", lv1.DevicePath);
        Assert.Empty(exp.LogicalVolumes.Single(lv => lv.Name == "lv2").Tags);
    }

    [Fact]
    public void A_volume_group_without_volumes_has_an_empty_list_and_orphan_pvs_are_not_groups()
    {
        var groups = LvmReport.Parse(Captured);

        var empty = groups.Single(g => g.Name == "olempty");
        Assert.Empty(empty.LogicalVolumes);
        Assert.Equal(empty.SizeBytes, empty.FreeBytes);
        Assert.DoesNotContain(groups, g => g.PhysicalVolumes.Contains("/dev/loop4"));
    }

    [Fact]
    public void Snapshot_and_thin_rows_carry_origin_pool_and_data_percent_and_hidden_volumes_are_skipped()
    {
        // Column shapes as lvm2 prints them for an active snapshot and a thin pool (the VM tier captures them for real).
        const string json = """
        {"report":[{"vg":[{"vg_name":"pool0","vg_uuid":"u","vg_attr":"wz--n-","vg_size":"10737418240","vg_free":"0","vg_extent_size":"4194304","vg_missing_pv_count":"1","vg_tags":""}],
          "pv":[{"pv_name":"/dev/vdb","pv_attr":"a--","pv_size":"10737418240","pv_free":"0","vg_name":"pool0"}],
          "lv":[{"lv_name":"vol","lv_size":"1073741824","lv_attr":"owi-aos---","origin":"","pool_lv":"","data_percent":"","lv_tags":"openlocal.kind=volume","lv_time":"t"},
                {"lv_name":"snap1","lv_size":"268435456","lv_attr":"swi-a-s---","origin":"vol","pool_lv":"","data_percent":"12.50","lv_tags":"openlocal.kind=snapshot","lv_time":"t"},
                {"lv_name":"tp","lv_size":"2147483648","lv_attr":"twi-aotz--","origin":"","pool_lv":"","data_percent":"3.02","lv_tags":"","lv_time":"t"},
                {"lv_name":"[tp_tdata]","lv_size":"2147483648","lv_attr":"Twi-ao----","origin":"","pool_lv":"","data_percent":"","lv_tags":"","lv_time":"t"},
                {"lv_name":"thin1","lv_size":"5368709120","lv_attr":"Vwi-a-tz--","origin":"","pool_lv":"tp","data_percent":"0.00","lv_tags":"","lv_time":"t"}]}]}
        """;

        var group = Assert.Single(LvmReport.Parse(json));

        Assert.True(group.Partial);
        Assert.Equal(["vol", "snap1", "tp", "thin1"], group.LogicalVolumes.Select(lv => lv.Name));
        var snap = group.LogicalVolumes[1];
        Assert.True(snap.IsSnapshot);
        Assert.True(snap.IsActive);
        Assert.Equal("vol", snap.Origin);
        Assert.Equal(12.5, snap.DataPercent);
        Assert.Equal("tp", group.LogicalVolumes[3].Pool);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"report":[{"vg":[{"vg_name":"x","vg_size":"abc"}]}]}""")]
    public void Unexpected_output_is_an_internal_failure(string json)
    {
        var error = Assert.Throws<StorageException>(() => LvmReport.Parse(json));

        Assert.Equal(FailureKind.Internal, error.Kind);
    }
}
