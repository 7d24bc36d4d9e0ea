using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenLocal.Application.Agent;
using OpenLocal.Application.Agent.InitializeNodeStorage;
using OpenLocal.Application.Agent.RefreshNodeStorage;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake;

namespace OpenLocal.Hosts.Reconcilers.Tests.Application;

public class AgentUseCaseTests
{
    private const long Gi = 1L << 30;
    private const string Node = "node-1";

    private readonly InMemoryCluster _cluster = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly FakeMachine _machine;
    private readonly FakeVolumeGroups _vgs;
    private readonly FakeBlockDevices _devices;
    private readonly FakeFilesystems _filesystems;
    private readonly FakeMounts _mounts;
    private readonly AgentSettings _settings = AgentSettings.Default with { DeviceNamePattern = "^vd[a-z]+$" };
    private readonly VolumeGroupReport _report;

    public AgentUseCaseTests()
    {
        _machine = new FakeMachine(FakeBackendOptions.Default with
        {
            Devices = [.. FakeBackendOptions.Default.Devices, new FakeDeviceSeed("/dev/vdf", 10 * Gi, MediaType.Ssd)],
        }, _clock);
        _vgs = new FakeVolumeGroups(_machine);
        _devices = new FakeBlockDevices(_machine);
        _filesystems = new FakeFilesystems(_machine);
        _mounts = new FakeMounts(_machine);
        _report = new VolumeGroupReport(_vgs);
    }

    private RefreshNodeStorageHandler Refresh(AgentSettings? settings = null)
    {
        var s = settings ?? _settings;
        var discovery = new NodeStorageDiscovery(_devices, _report, _mounts, _filesystems, s, _clock);
        return new RefreshNodeStorageHandler(_cluster, discovery, _cluster, s, _clock, NullLogger<RefreshNodeStorageHandler>.Instance);
    }

    private InitializeNodeStorageHandler Init(AgentSettings? settings = null)
    {
        var s = settings ?? _settings;
        return new InitializeNodeStorageHandler(_cluster,
            new VolumeGroupInitializer(_vgs, _report, _devices, _filesystems, _cluster, s),
            new MountPointInitializer(_mounts, _filesystems, _cluster, s));
    }

    private void GiveNls(ListConfig? list = null, ResourceToBeInited? init = null, Dictionary<string, string>? annotations = null) =>
        _cluster.PutStorage(new NodeLocalStorageRecord(Node, "uid-1", "0", 1, annotations ?? [],
            new NodeStorageSpec(Node, new StorageBlocks(list ?? ListConfig.Empty, init ?? ResourceToBeInited.Empty, SpdkConfig.Empty)), null));

    private static ListConfig IncludeAll => new(new NameSelection(ValueArray.Of(".*"), default), new NameSelection(ValueArray.Of(".*"), default), new NameSelection(ValueArray.Of(".*"), default));

    private NodeStorageStatus Status => _cluster.Storage(Node)!.Status!;

    [Fact]
    public async Task Without_an_nls_nothing_is_written()
    {
        Assert.Equal(RefreshOutcome.NoNodeStorage, await Refresh().Handle(new RefreshNodeStorageCommand(Node), default));
    }

    [Fact]
    public async Task Status_matches_the_fake_disks()
    {
        GiveNls(IncludeAll);

        Assert.Equal(RefreshOutcome.Written, await Refresh().Handle(new RefreshNodeStorageCommand(Node), default));

        var info = Status.Info;
        Assert.Equal(["/dev/vdb", "/dev/vdc", "/dev/vdd", "/dev/vde", "/dev/vdf"], info.Devices.Select(d => d.Name));
        Assert.Equal("ssd", info.Devices.Single(d => d.Name == "/dev/vdc").MediaType);
        Assert.Equal("hdd", info.Devices.Single(d => d.Name == "/dev/vdd").MediaType);
        var vg = Assert.Single(info.VolumeGroups);
        Assert.Equal(("open-local-pool-0", 100 * Gi, 100 * Gi), (vg.Name, vg.Total, vg.Allocatable));
        Assert.Equal(["/dev/vdb"], vg.PhysicalVolumes);
        var mp = Assert.Single(info.MountPoints);
        Assert.Equal(("/mnt/open-local/disk1", "ext4", "/dev/vde"), (mp.Name, mp.FsType, mp.Device));
        Assert.Equal(NodeStoragePhase.Running, info.Phase);
        Assert.Equal(StorageCondition.DiskReady, info.State!.Type);
        // PVs and mounted devices are never offered as exclusive devices.
        Assert.Equal(["/dev/vdc", "/dev/vdd", "/dev/vdf"], Status.Filtered.Devices);
        Assert.Equal(["open-local-pool-0"], Status.Filtered.VolumeGroups);
        Assert.Equal(FilterUpdateStatus.Accepted, Status.Filtered.UpdateStatus!.Status);
    }

    [Fact]
    public async Task Status_is_written_only_on_change_or_when_the_heartbeat_is_due()
    {
        GiveNls(IncludeAll);
        var refresh = Refresh();
        await refresh.Handle(new RefreshNodeStorageCommand(Node), default);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(RefreshOutcome.Unchanged, await refresh.Handle(new RefreshNodeStorageCommand(Node), default));

        _machine.AddForeignLogicalVolume("open-local-pool-0", "data", 10 * Gi);
        Assert.Equal(RefreshOutcome.Written, await refresh.Handle(new RefreshNodeStorageCommand(Node), default));
        Assert.Equal(90 * Gi, Status.Info.VolumeGroups[0].Allocatable);

        _clock.Advance(_settings.HeartbeatInterval);
        Assert.Equal(RefreshOutcome.Written, await refresh.Handle(new RefreshNodeStorageCommand(Node), default));
        Assert.Equal(_clock.GetUtcNow(), Status.Info.State!.LastHeartbeatTime);
        Assert.Equal(3, _cluster.StatusWrites);
    }

    [Theory]
    [InlineData("{\"open-local-pool-0\":\"10Gi\"}", 85)]
    [InlineData("{\"open-local-pool-0\":\"10%\"}", 85)]
    [InlineData("{\"open-local-pool-0\":\"50%\"}", 50)]
    public async Task Reservation_annotation_in_both_forms(string annotation, long expectedGi)
    {
        _machine.AddForeignLogicalVolume("open-local-pool-0", "foreign", 15 * Gi);
        _machine.AddForeignLogicalVolume("open-local-pool-0", "local-ours", 30 * Gi);
        GiveNls(IncludeAll, annotations: new() { [StorageReservations.AnnotationKey] = annotation });

        await Refresh().Handle(new RefreshNodeStorageCommand(Node), default);

        Assert.Equal(expectedGi * Gi, Status.Info.VolumeGroups[0].Allocatable);
    }

    [Fact]
    public async Task A_bad_reservation_entry_is_an_event_and_discovery_continues()
    {
        GiveNls(IncludeAll, annotations: new() { [StorageReservations.AnnotationKey] = "{\"open-local-pool-0\":\"lots\"}" });

        Assert.Equal(RefreshOutcome.Written, await Refresh().Handle(new RefreshNodeStorageCommand(Node), default));

        Assert.Equal(100 * Gi, Status.Info.VolumeGroups[0].Allocatable);
        Assert.Contains(_cluster.Events, e => e.Reason == "InvalidStorageReserved" && e.Severity == EventSeverity.Warning);
    }

    [Fact]
    public async Task A_bad_regex_yields_a_failed_filter_and_an_event_never_a_crash()
    {
        GiveNls(ListConfig.Empty with { VolumeGroups = new NameSelection(ValueArray.Of("[", "open-local-pool-[0-9]+"), default) });

        await Refresh().Handle(new RefreshNodeStorageCommand(Node), default);

        Assert.Equal(FilterUpdateStatus.Failed, Status.Filtered.UpdateStatus!.Status);
        Assert.Contains("[", Status.Filtered.UpdateStatus.Reason, StringComparison.Ordinal);
        Assert.Equal(["open-local-pool-0"], Status.Filtered.VolumeGroups);
        Assert.Contains(_cluster.Events, e => e.Reason == "InvalidListConfig" && e.Subject.Kind == "NodeLocalStorage");
    }

    [Fact]
    public async Task A_pool_without_allocatable_space_is_disk_full()
    {
        _machine.AddForeignLogicalVolume("open-local-pool-0", "foreign", 100 * Gi);
        GiveNls(IncludeAll);

        await Refresh().Handle(new RefreshNodeStorageCommand(Node), default);

        Assert.Equal(StorageCondition.DiskFull, Status.Info.VolumeGroups[0].Condition);
        Assert.Equal((StorageCondition.DiskFull, "VolumeGroupFull"), (Status.Info.State!.Type, Status.Info.State.Reason));
    }

    [Fact]
    public async Task A_listed_vg_or_device_that_is_missing_is_disk_fault()
    {
        GiveNls(IncludeAll, new ResourceToBeInited(ValueArray.Of(new VolumeGroupToInit("pool-x", ValueArray.Of("/dev/vdz"))), default));

        await Refresh().Handle(new RefreshNodeStorageCommand(Node), default);

        Assert.Equal(StorageCondition.DiskFault, Status.Info.State!.Type);
        Assert.Contains("pool-x", Status.Info.State.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/vdz", Status.Info.State.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_lvm_failure_keeps_the_last_vg_section_and_faults_the_node()
    {
        GiveNls(IncludeAll);
        var refresh = Refresh();
        await refresh.Handle(new RefreshNodeStorageCommand(Node), default);

        _vgs.Faults.FailNext(1, FailureKind.Unavailable, nameof(IVolumeGroups.ListAsync), "lvm not found");
        await refresh.Handle(new RefreshNodeStorageCommand(Node), default);

        Assert.Equal("open-local-pool-0", Assert.Single(Status.Info.VolumeGroups).Name);
        Assert.Equal(StorageCondition.DiskFault, Status.Info.State!.Type);
        Assert.Contains("lvm not found", Status.Info.State.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_creates_a_vg_once_and_is_idempotent()
    {
        GiveNls(IncludeAll, new ResourceToBeInited(ValueArray.Of(new VolumeGroupToInit("pool-new", ValueArray.Of("/dev/vdc"))), default));
        var init = Init();

        var first = await init.Handle(new InitializeNodeStorageCommand(Node), default);
        var second = await init.Handle(new InitializeNodeStorageCommand(Node), default);

        Assert.Equal((true, 0), (first.Changed, first.Failures));
        Assert.Equal((false, 0), (second.Changed, second.Failures));
        Assert.Single(_vgs.Faults.Calls, c => c == nameof(IVolumeGroups.CreateAsync));
        await Refresh().Handle(new RefreshNodeStorageCommand(Node), default);
        Assert.Contains(Status.Info.VolumeGroups, v => v.Name == "pool-new" && v.Total == 50 * Gi);
    }

    [Fact]
    public async Task Init_never_overwrites_a_signed_device_unless_forced()
    {
        _machine.SetSignature("/dev/vdc", "ext4");
        GiveNls(init: new ResourceToBeInited(ValueArray.Of(new VolumeGroupToInit("pool-new", ValueArray.Of("/dev/vdc"))), default));

        var refused = await Init().Handle(new InitializeNodeStorageCommand(Node), default);

        Assert.Equal((false, 1), (refused.Changed, refused.Failures));
        var e = Assert.Single(_cluster.Events, e => e.Reason == "CreateVGSkipped");
        Assert.Contains("ext4", e.Message, StringComparison.Ordinal);
        Assert.Contains("Force_Create_VG=true", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_vgs.Faults.Calls, c => c == nameof(IVolumeGroups.CreateAsync));

        var forced = await Init(_settings with { ForceCreateVolumeGroups = true }).Handle(new InitializeNodeStorageCommand(Node), default);
        Assert.True(forced.Changed);
    }

    [Fact]
    public async Task Init_never_touches_a_pv_of_another_vg_even_when_forced()
    {
        GiveNls(init: new ResourceToBeInited(ValueArray.Of(new VolumeGroupToInit("pool-new", ValueArray.Of("/dev/vdb"))), default));

        var outcome = await Init(_settings with { ForceCreateVolumeGroups = true }).Handle(new InitializeNodeStorageCommand(Node), default);

        Assert.Equal(1, outcome.Failures);
        Assert.Contains(_cluster.Events, e => e.Reason == "CreateVGSkipped" && e.Message.Contains("open-local-pool-0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_vgcreate_is_a_warning_with_the_command_to_run_by_hand()
    {
        GiveNls(init: new ResourceToBeInited(ValueArray.Of(new VolumeGroupToInit("pool-new", ValueArray.Of("/dev/vdc"))), default));
        _vgs.Faults.FailNext(1, FailureKind.Internal, nameof(IVolumeGroups.CreateAsync), "pvcreate exploded");

        var outcome = await Init().Handle(new InitializeNodeStorageCommand(Node), default);

        Assert.Equal(1, outcome.Failures);
        var e = Assert.Single(_cluster.Events, e => e.Reason == "CreateVGFailed");
        Assert.Contains("pvcreate exploded", e.Message, StringComparison.Ordinal);
        Assert.Contains("vgcreate pool-new /dev/vdc --force", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_devices_join_an_existing_vg_only_when_extension_is_allowed()
    {
        GiveNls(init: new ResourceToBeInited(ValueArray.Of(new VolumeGroupToInit("open-local-pool-0", ValueArray.Of("/dev/vdb", "/dev/vdf"))), default));

        Assert.False((await Init().Handle(new InitializeNodeStorageCommand(Node), default)).Changed);
        var extended = await Init(_settings with { AllowVolumeGroupExtend = true }).Handle(new InitializeNodeStorageCommand(Node), default);

        Assert.True(extended.Changed);
        Assert.Contains("/dev/vdf", (await _vgs.ListAsync(default)).Single().PhysicalVolumes);
    }

    [Fact]
    public async Task Init_formats_a_blank_device_mounts_it_and_refuses_a_foreign_filesystem()
    {
        _machine.SetSignature("/dev/vdd", "xfs");
        GiveNls(init: new ResourceToBeInited(default, ValueArray.Of(
            new MountPointToInit("/mnt/open-local/new", "/dev/vdc", "", default),
            new MountPointToInit("/mnt/open-local/xfs", "/dev/vdd", "ext4", default))));

        var outcome = await Init().Handle(new InitializeNodeStorageCommand(Node), default);
        var again = await Init().Handle(new InitializeNodeStorageCommand(Node), default);

        Assert.Equal((true, 1), (outcome.Changed, outcome.Failures));
        Assert.False(again.Changed);
        Assert.Contains(_machine.MountTable, m => m.Target == "/mnt/open-local/new" && m.FsType == "ext4");
        Assert.DoesNotContain(_machine.MountTable, m => m.Target == "/mnt/open-local/xfs");
        Assert.Contains(_cluster.Events, e => e.Reason == "InitMountPointFailed" && e.Message.Contains("already contains xfs", StringComparison.Ordinal));
        Assert.Equal("xfs", await _filesystems.ProbeAsync("/dev/vdd", default));
    }
}
