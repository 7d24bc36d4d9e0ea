using Microsoft.Extensions.DependencyInjection;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake.Commands;

namespace OpenLocal.Infrastructure.Lvm.Tests;

/// <summary>The argv the adapters send and how they read lvm2's answers, against a scripted runner.</summary>
public sealed class LvmAdapterTests
{
    private static readonly string Captured = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "fullreport-metadata-only.json"));

    private readonly RecordingCommandRunner _runner = new();

    private LvmLogicalVolumes Volumes(LvmActivationMode mode = LvmActivationMode.MetadataOnly) =>
        new(new LvmCommands(_runner, new LvmOptions { Activation = mode }));

    private LvmVolumeGroups Groups() =>
        new(new LvmCommands(_runner, new LvmOptions { Activation = LvmActivationMode.MetadataOnly }), new DeviceSignatures(_runner, new LvmOptions()));

    private RecordingCommandRunner ReportsCaptured() => _runner.On("lvm", ["fullreport"], stdout: Captured);

    private List<string> LvmCalls(string command) =>
        [.. _runner.Calls.Where(c => c.FileName == "lvm" && c.Arguments[0] == command).Select(c => string.Join(' ', c.Arguments))];

    [Fact]
    public async Task Linear_create_in_metadata_only_mode_is_inactive_unzeroed_tagged_and_sized_in_bytes()
    {
        ReportsCaptured();
        _runner.On("lvm", ["lvcreate"], stdout: string.Empty);

        // The scripted report has no "vol" afterwards, so the adapter reports lvm's inconsistency.
        var error = await Assert.ThrowsAsync<StorageException>(() => Volumes().CreateAsync(
            new LogicalVolumeSpec("olexp", "vol", 1073741824, LvmLayout.Linear, ["openlocal.kind=volume", "openlocal.pvc=default/x"]), CancellationToken.None));

        Assert.Equal(FailureKind.Internal, error.Kind);
        Assert.Equal(
            ["lvcreate -n vol -L 1073741824b --addtag openlocal.kind=volume --addtag openlocal.pvc=default/x -y -an -Zn olexp --driverloaded n"],
            LvmCalls("lvcreate"));
    }

    [Fact]
    public async Task Striped_create_uses_one_stripe_per_physical_volume()
    {
        ReportsCaptured();

        await Assert.ThrowsAsync<StorageException>(() => Volumes(LvmActivationMode.Udev).CreateAsync(
            new LogicalVolumeSpec("olexp", "vol", 4096, LvmLayout.Striping, []), CancellationToken.None));

        Assert.Equal(["lvcreate -n vol -L 4096b -i 2 -y olexp"], LvmCalls("lvcreate"));
    }

    [Fact]
    public async Task Thin_create_names_the_pool_and_a_virtual_size()
    {
        ReportsCaptured();

        await Assert.ThrowsAsync<StorageException>(() => Volumes(LvmActivationMode.NoUdev).CreateAsync(
            new LogicalVolumeSpec("olexp", "thin1", 5368709120, LvmLayout.Linear, ["openlocal.kind=volume"], ThinPool: "tp"), CancellationToken.None));

        Assert.Equal(
            ["lvcreate -n thin1 -V 5368709120b --thinpool tp --addtag openlocal.kind=volume -y olexp --config activation{udev_sync=0 udev_rules=0} devices{obtain_device_list_from_udev=0}"],
            LvmCalls("lvcreate"));
    }

    [Fact]
    public async Task Create_of_an_existing_big_enough_volume_adopts_it_without_lvcreate()
    {
        ReportsCaptured();

        var lv = await Volumes().CreateAsync(new LogicalVolumeSpec("olexp", "lv1", 100 << 20, LvmLayout.Linear, []), CancellationToken.None);

        Assert.Equal(104857600, lv.SizeBytes);
        Assert.Empty(LvmCalls("lvcreate"));
    }

    [Fact]
    public async Task Create_in_a_missing_volume_group_is_not_found()
    {
        _runner.On("lvm", ["fullreport"], exitCode: 5, stderr: "  Volume group \"nosuchvg\" not found\n  Cannot process volume group nosuchvg\n");

        var error = await Assert.ThrowsAsync<StorageException>(() => Volumes().CreateAsync(
            new LogicalVolumeSpec("nosuchvg", "vol", 4096, LvmLayout.Linear, []), CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.Empty(LvmCalls("lvcreate"));
    }

    [Fact]
    public async Task Lvcreate_failure_for_space_is_insufficient_capacity_with_lvm_message()
    {
        ReportsCaptured();
        _runner.On("lvm", ["lvcreate"], exitCode: 5, stderr: "  Volume group \"olexp\" has insufficient free space (185 extents): 1280 required.\n");

        var error = await Assert.ThrowsAsync<StorageException>(() => Volumes().CreateAsync(
            new LogicalVolumeSpec("olexp", "big", 5L << 30, LvmLayout.Linear, []), CancellationToken.None));

        Assert.Equal(FailureKind.InsufficientCapacity, error.Kind);
        Assert.Contains("insufficient free space (185 extents)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_names_and_tags_are_rejected_before_any_call()
    {
        await Assert.ThrowsAsync<StorageException>(() => Volumes().CreateAsync(new LogicalVolumeSpec("vg x", "vol", 1, LvmLayout.Linear, []), CancellationToken.None));
        await Assert.ThrowsAsync<StorageException>(() => Volumes().CreateAsync(new LogicalVolumeSpec("vg", "vol", 1, LvmLayout.Linear, ["bad tag"]), CancellationToken.None));
        await Assert.ThrowsAsync<StorageException>(() => Volumes().CreateAsync(new LogicalVolumeSpec("vg", "vol", 0, LvmLayout.Linear, []), CancellationToken.None));
        await Assert.ThrowsAsync<StorageException>(() => Volumes().RemoveIfExistsAsync("vg", "-rf", CancellationToken.None));
        await Assert.ThrowsAsync<StorageException>(() => Groups().CreateAsync("vg;x", ["/dev/loop0"], false, CancellationToken.None));

        Assert.Empty(_runner.Calls);
    }

    [Fact]
    public async Task Extend_to_a_size_already_reached_does_not_call_lvextend()
    {
        ReportsCaptured();

        var lv = await Volumes().ExtendAsync("olexp", "lv1", 50 << 20, CancellationToken.None);

        Assert.Equal(104857600, lv.SizeBytes);
        Assert.Empty(LvmCalls("lvextend"));
    }

    [Fact]
    public async Task Extend_grows_to_the_byte_size()
    {
        ReportsCaptured();

        await Volumes().ExtendAsync("olexp", "lv1", 200 << 20, CancellationToken.None);

        Assert.Equal(["lvextend -L 209715200b olexp/lv1 --driverloaded n"], LvmCalls("lvextend"));
    }

    [Fact]
    public async Task Removing_a_missing_volume_succeeds_without_lvremove()
    {
        ReportsCaptured();

        await Volumes().RemoveIfExistsAsync("olexp", "gone", CancellationToken.None);

        Assert.Empty(LvmCalls("lvremove"));
    }

    [Fact]
    public async Task Remove_forces_past_the_confirmation()
    {
        ReportsCaptured();

        await Volumes().RemoveIfExistsAsync("olexp", "lv2", CancellationToken.None);

        Assert.Equal(["lvremove -f olexp/lv2 --driverloaded n"], LvmCalls("lvremove"));
    }

    [Fact]
    public async Task Remove_is_refused_while_snapshots_exist()
    {
        _runner.On("lvm", ["fullreport"], stdout: Report(Lv("vol", ""), Lv("snap1", "vol", attr: "swi-a-s---")));

        var error = await Assert.ThrowsAsync<StorageException>(() => Volumes().RemoveIfExistsAsync("vg", "vol", CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Contains("snap1", error.Message, StringComparison.Ordinal);
        Assert.Empty(LvmCalls("lvremove"));
    }

    [Fact]
    public async Task Remove_is_refused_for_a_protected_volume()
    {
        _runner.On("lvm", ["fullreport"], stdout: Report(Lv("vol", "", tags: "openlocal.kind=volume,protected")));

        var error = await Assert.ThrowsAsync<StorageException>(() => Volumes().RemoveIfExistsAsync("vg", "vol", CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Empty(LvmCalls("lvremove"));
    }

    [Fact]
    public async Task Snapshot_of_a_thick_volume_has_a_cow_size_and_tags()
    {
        _runner.On("lvm", ["fullreport"], stdout: Report(Lv("vol", "")));

        await Assert.ThrowsAsync<StorageException>(() => Volumes(LvmActivationMode.Udev).CreateSnapshotAsync("vg", "vol", "snap1", 1 << 30, ["openlocal.kind=snapshot"], CancellationToken.None));

        Assert.Equal(["lvcreate -s -n snap1 -L 1073741824b --addtag openlocal.kind=snapshot -y vg/vol"], LvmCalls("lvcreate"));
    }

    [Fact]
    public async Task Snapshot_of_a_missing_origin_is_not_found()
    {
        _runner.On("lvm", ["fullreport"], stdout: Report(Lv("vol", "")));

        var error = await Assert.ThrowsAsync<StorageException>(() => Volumes().CreateSnapshotAsync("vg", "other", "snap1", 1 << 30, [], CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Existing_snapshot_of_the_same_origin_is_adopted()
    {
        _runner.On("lvm", ["fullreport"], stdout: Report(Lv("vol", ""), Lv("snap1", "vol", attr: "swi-a-s---")));

        var snap = await Volumes().CreateSnapshotAsync("vg", "vol", "snap1", 1 << 30, [], CancellationToken.None);

        Assert.Equal("vol", snap.Origin);
        Assert.Empty(LvmCalls("lvcreate"));
    }

    [Fact]
    public async Task Volume_group_creation_refuses_a_device_with_a_filesystem_signature()
    {
        _runner.On("lvm", ["fullreport"], exitCode: 5, stderr: "  Volume group \"vg1\" not found\n");
        _runner.On("wipefs", stdout: """{"signatures": [{"device": "loop3", "offset": "0x438", "type": "ext4", "uuid": "f7", "label": null}]}""");

        var error = await Assert.ThrowsAsync<StorageException>(() => Groups().CreateAsync("vg1", ["/dev/loop3"], force: false, CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Contains("ext4", error.Message, StringComparison.Ordinal);
        Assert.Empty(LvmCalls("pvcreate"));
        Assert.Empty(LvmCalls("vgcreate"));
    }

    [Fact]
    public async Task Forced_volume_group_creation_lets_pvcreate_wipe_the_signature()
    {
        _runner.On("lvm", ["fullreport"], exitCode: 5, stderr: "  Volume group \"vg1\" not found\n");
        _runner.On("wipefs", stdout: """{"signatures": [{"device": "loop3", "offset": "0x438", "type": "ext4", "uuid": "f7", "label": null}]}""");

        await Groups().CreateAsync("vg1", ["/dev/loop3"], force: true, CancellationToken.None);

        Assert.Equal(["pvcreate -y /dev/loop3 --driverloaded n"], LvmCalls("pvcreate"));
        Assert.Equal(["vgcreate vg1 /dev/loop3 --driverloaded n"], LvmCalls("vgcreate"));
    }

    [Fact]
    public async Task Blank_devices_are_initialised_and_existing_pvs_are_not_recreated()
    {
        _runner.On("lvm", ["fullreport"], exitCode: 5, stderr: "  Volume group \"vg1\" not found\n");
        _runner.On(c => c.FileName == "wipefs" && c.Arguments[^1] == "/dev/loop5",
            _ => new CommandResult(0, """{"signatures": [{"device": "loop5", "offset": "0x218", "type": "LVM2_member", "uuid": "x", "label": null}]}""", "", TimeSpan.Zero));

        await Groups().CreateAsync("vg1", ["/dev/loop4", "/dev/loop5"], force: false, CancellationToken.None);

        Assert.Equal(["pvcreate /dev/loop4 --driverloaded n"], LvmCalls("pvcreate"));
        Assert.Equal(["vgcreate vg1 /dev/loop4 /dev/loop5 --driverloaded n"], LvmCalls("vgcreate"));
    }

    [Fact]
    public async Task Creating_an_existing_group_on_the_same_devices_is_a_no_op()
    {
        ReportsCaptured();

        await Groups().CreateAsync("olexp", ["/dev/loop1", "/dev/loop0"], force: false, CancellationToken.None);

        Assert.Empty(LvmCalls("vgcreate"));
    }

    [Fact]
    public async Task Extending_a_missing_group_is_not_found_before_any_device_is_touched()
    {
        _runner.On("lvm", ["fullreport"], exitCode: 5, stderr: "  Volume group \"vg1\" not found\n");

        var error = await Assert.ThrowsAsync<StorageException>(() => Groups().ExtendAsync("vg1", ["/dev/loop4"], false, CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.DoesNotContain(_runner.Calls, c => c.FileName == "wipefs" || c.Arguments[0] is "pvcreate" or "vgextend");
    }

    [Fact]
    public async Task Extending_adds_only_the_new_devices()
    {
        ReportsCaptured();

        await Groups().ExtendAsync("olexp", ["/dev/loop0", "/dev/loop7"], false, CancellationToken.None);

        Assert.Equal(["vgextend olexp /dev/loop7 --driverloaded n"], LvmCalls("vgextend"));
    }

    [Fact]
    public void Registration_provides_both_lvm_ports()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<ICommandRunner>(_runner)
            .AddLvmBackend(new LvmOptions { Activation = LvmActivationMode.MetadataOnly })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<LvmLogicalVolumes>(provider.GetRequiredService<ILogicalVolumes>());
        Assert.IsType<LvmVolumeGroups>(provider.GetRequiredService<IVolumeGroups>());
    }

    private static string Lv(string name, string origin, string attr = "-wi-a-----", string tags = "") =>
        $$"""{"lv_name":"{{name}}","lv_size":"1073741824","lv_attr":"{{attr}}","origin":"{{origin}}","pool_lv":"","data_percent":"","lv_tags":"{{tags}}","lv_time":"t"}""";

    private static string Report(params string[] lvs) =>
        $$"""{"report":[{"vg":[{"vg_name":"vg","vg_uuid":"u","vg_attr":"wz--n-","vg_size":"10737418240","vg_free":"5368709120","vg_extent_size":"4194304","vg_missing_pv_count":"0","vg_tags":""}],"pv":[{"pv_name":"/dev/vdb","pv_attr":"a--","pv_size":"1","pv_free":"1","vg_name":"vg"}],"lv":[{{string.Join(",", lvs)}}]}]}""";
}
