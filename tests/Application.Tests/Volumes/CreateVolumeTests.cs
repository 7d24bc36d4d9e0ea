using OpenLocal.Application.Pipeline;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Provisioning;
using OpenLocal.Application.Volumes;
using OpenLocal.Application.Volumes.GetVolume;
using OpenLocal.Application.Volumes.ListVolumes;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Volumes;

/// <summary>CreateVolume (csi.md §5.1) on the fake backend.</summary>
public sealed class CreateVolumeTests
{
    [Fact]
    public async Task Creates_a_tagged_lv_rounded_to_whole_extents_and_returns_the_volume_context()
    {
        using var node = FakeNode.Start();
        var parameters = Lvm(("csi.storage.k8s.io/pvc/name", "data"), ("csi.storage.k8s.io/pvc/namespace", "default"), ("custom", "kept"));

        var result = await node.Mediator.Send(Create("local-1", 1000 * MiB + 1, parameters));

        Assert.Equal(1004 * MiB, result.CapacityBytes);
        Assert.Equal("node-1", result.Hostname);
        Assert.Equal(VolumePhase.Ready, result.Volume.Phase);
        Assert.Equal("open-local-pool-0", result.Context["vgName"]);
        Assert.Equal("node-1", result.Context["volume.kubernetes.io/selected-node"]);
        Assert.Equal("kept", result.Context["custom"]);
        Assert.Equal("LVM", result.Context["volumeType"]);
        var lv = Assert.Single(node.Machine.LogicalVolumesOf("open-local-pool-0"));
        Assert.Equal("local-1", lv.Name);
        Assert.Equal(1004 * MiB, lv.SizeBytes);
        Assert.Contains("openlocal.volume-id=local-1", lv.Tags);
        Assert.Contains("openlocal.pvc=default/data", lv.Tags);
        Assert.Equal("/dev/open-local-pool-0/local-1", result.Volume.DevicePath);
    }

    [Fact]
    public async Task Zero_required_bytes_means_one_gibibyte()
    {
        using var node = FakeNode.Start();

        var result = await node.Mediator.Send(Create("local-1", 0));

        Assert.Equal(GiB, result.CapacityBytes);
    }

    [Fact]
    public async Task The_same_request_twice_returns_the_same_volume_and_creates_one_lv()
    {
        using var node = FakeNode.Start();

        var first = await node.Mediator.Send(Create("local-1", GiB));
        var second = await node.Mediator.Send(Create("local-1", GiB));

        Assert.Equal(first.Volume.Id, second.Volume.Id);
        Assert.Equal(first.CapacityBytes, second.CapacityBytes);
        Assert.Single(node.Machine.LogicalVolumesOf("open-local-pool-0"));
    }

    [Theory]
    [InlineData(2L, "LVM", null)]
    [InlineData(1L, "Device", null)]
    [InlineData(1L, "LVM", "snap-x")]
    public async Task The_same_name_with_other_parameters_is_AlreadyExists(long gib, string type, string? snapshot)
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-1", gib * GiB, With(type), fromSnapshot: snapshot)).AsTask());

        Assert.Equal(FailureKind.AlreadyExists, ex.Kind);
        Assert.Contains("local-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rounded_size_beyond_the_limit_is_OutOfRange()
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-1", 5 * MiB, limit: 6 * MiB)).AsTask());

        Assert.Equal(FailureKind.OutOfRange, ex.Kind);
        Assert.Empty(node.Machine.LogicalVolumesOf("open-local-pool-0"));
    }

    [Fact]
    public async Task No_room_anywhere_is_InsufficientCapacity_and_leaves_no_record()
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-1", 101 * GiB)).AsTask());

        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
        Assert.Contains("101Gi", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await node.Get<IVolumeStore>().ListAsync(default));
    }

    [Fact]
    public async Task A_pinned_vg_that_does_not_exist_is_InsufficientCapacity()
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-1", GiB, Lvm(("vgName", "other-vg")))).AsTask());

        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
        Assert.Contains("in VG other-vg", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topology_values_are_tried_in_order_and_unknown_hostnames_are_skipped()
    {
        using var node = FakeNode.Start();

        var result = await node.Mediator.Send(Create("local-1", GiB, preferred: ["elsewhere"], requisite: ["node-1"]));
        Assert.Equal("node-1", result.Volume.NodeName);

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-2", GiB, preferred: ["elsewhere"])).AsTask());
        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
        Assert.Contains("elsewhere", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_volumes_take_the_smallest_fitting_device_and_report_the_whole_device()
    {
        using var node = FakeNode.Start();

        var any = await node.Mediator.Send(Create("dev-1", 10 * GiB, With("Device")));
        var hdd = await node.Mediator.Send(Create("dev-2", 10 * GiB, With("Device", ("mediaType", "hdd"))));

        Assert.Equal("/dev/vdc", any.Context["Device"]);
        // ADR 0050: the real capacity, as ListVolumes and ControllerGetVolume report it.
        Assert.Equal(50 * GiB, any.CapacityBytes);
        Assert.Equal(50 * GiB, any.Volume.CapacityBytes);
        Assert.Equal("/dev/vdd", hdd.Context["Device"]);
        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("dev-3", GiB, With("Device"))).AsTask());
        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
    }

    [Fact]
    public async Task Mount_point_volumes_get_a_whole_mount_point_and_report_its_size_everywhere()
    {
        using var node = FakeNode.Start();

        var result = await node.Mediator.Send(Create("mp-1", 5 * GiB, With("MountPoint")));
        var listed = await node.Mediator.Send(new ListVolumesQuery(0, null));
        var got = await node.Mediator.Send(new GetVolumeQuery("mp-1"));

        Assert.Equal("/mnt/open-local/disk1", result.Context["MountPoint"]);
        Assert.Equal(20 * GiB, result.CapacityBytes);
        Assert.Equal(result.CapacityBytes, ReportedCapacity.Of(Assert.Single(listed.Entries)));
        Assert.Equal(result.CapacityBytes, ReportedCapacity.Of(got));
        await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("mp-2", GiB, With("MountPoint"))).AsTask());
    }

    [Fact]
    public async Task Invalid_requests_list_every_invalid_field_and_never_reach_the_backend()
    {
        using var node = FakeNode.Start();
        var parameters = new Dictionary<string, string>
        {
            ["bps"] = "fast",
            ["iops"] = "-5",
            ["mediaType"] = "nvme",
            ["lvmType"] = "raid5",
            ["direct"] = "true",
            ["spdk"] = "true",
            ["csi.aliyun.com/restore-mode"] = "clone",
        };
        var command = new Application.Volumes.CreateVolume.CreateVolumeCommand(
            "", 10, 5, [new VolumeCapability(AccessType.Mount, "ntfs", [], AccessMode.MultiNodeMultiWriter)], parameters, [], [], null, "vol-src");

        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(command).AsTask());

        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
        var fields = ex.Errors.Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "Name", "LimitBytes", "SourceVolumeId", "Capabilities[0].AccessMode", "Capabilities[0].FsType",
            "Parameters[volumeType]", "Parameters[bps]", "Parameters[iops]", "Parameters[mediaType]", "Parameters[lvmType]",
            "Parameters[direct]", "Parameters[spdk]", "Parameters[csi.aliyun.com/restore-mode]",
        }, fields);
        Assert.Contains(ex.Errors, e => e.Message == "cloning is not supported");
        Assert.Contains(ex.Errors, e => e.Message == "direct volumes are not supported");
        Assert.Empty(node.Get<FakeLogicalVolumes>().Faults.Calls);
    }

    [Theory]
    [InlineData("Quota", "volume type Quota is not implemented")]
    [InlineData("lvm", "unknown volumeType \"lvm\"")]
    public async Task Unsupported_volume_types_are_InvalidArgument_with_a_reason(string type, string message)
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(Create("v", GiB, With(type))).AsTask());

        Assert.Contains(ex.Errors, e => e.Field == "Parameters[volumeType]" && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_volumeType_is_required_unless_a_default_is_configured()
    {
        var none = new Dictionary<string, string>();
        using (var strict = FakeNode.Start())
        {
            var ex = await Assert.ThrowsAsync<RequestValidationException>(() => strict.Mediator.Send(Create("v", GiB, none)).AsTask());
            Assert.Contains(ex.Errors, e => e.Field == "Parameters[volumeType]" && e.Message.Contains("volumeType is required", StringComparison.Ordinal));
        }

        using var lenient = FakeNode.Start(placement: new PlacementOptions { DefaultVolumeType = VolumeType.LVM });
        var result = await lenient.Mediator.Send(Create("v", GiB, none));

        Assert.Equal(VolumeType.LVM, result.Volume.Type);
        Assert.Equal("open-local-pool-0", result.Volume.Pool);
    }

    [Fact]
    public async Task Block_access_to_a_mount_point_volume_is_InvalidArgument()
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(Create("v", GiB, With("MountPoint"), capability: VolumeCapability.Block())).AsTask());

        Assert.Contains(ex.Errors, e => e.Message.Contains("mount access only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bps_accepts_quantities_and_becomes_the_volume_throttle()
    {
        using var node = FakeNode.Start();

        var result = await node.Mediator.Send(Create("v", GiB, Lvm(("bps", "1Mi"), ("iops", "100"))));

        Assert.Equal(1L << 20, result.Volume.Throttle!.ReadBytesPerSecond);
        Assert.Equal(100, result.Volume.Throttle.WriteIops);
    }

    [Fact]
    public async Task A_failed_lvcreate_is_reported_with_its_kind_and_the_retry_places_the_volume_afresh()
    {
        using var node = FakeNode.Start();
        node.Get<FakeLogicalVolumes>().Faults.FailNext(1, FailureKind.Internal, nameof(ILogicalVolumes.CreateAsync), "lvcreate exploded");

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-1", GiB)).AsTask());
        Assert.Equal(FailureKind.Internal, ex.Kind);
        Assert.Contains("lvcreate exploded", ex.Message, StringComparison.Ordinal);
        Assert.Null(await node.Get<IVolumeStore>().FindAsync("local-1", default));

        var retry = await node.Mediator.Send(Create("local-1", GiB));
        Assert.Equal(VolumePhase.Ready, retry.Volume.Phase);
    }

    [Fact]
    public async Task A_second_call_for_a_name_in_flight_is_OperationInProgress()
    {
        using var node = FakeNode.Start();
        var gate = node.Get<FakeLogicalVolumes>().Faults.GateNext(1, nameof(ILogicalVolumes.CreateAsync));

        var first = node.Mediator.Send(Create("local-1", GiB)).AsTask();
        await gate.Reached;
        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-1", GiB)).AsTask());
        gate.Open();
        await first;

        Assert.Equal(FailureKind.OperationInProgress, ex.Kind);
        Assert.Contains("local-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hundred_parallel_creates_on_a_pool_that_fits_one_hundred_give_exactly_one_hundred_volumes()
    {
        var backend = FakeBackendOptions.Default with
        {
            VolumeGroups = [new FakeVolumeGroupSeed("open-local-pool-0", 100 * GiB, ["/dev/vdb"])],
        };
        using var node = FakeNode.Start(backend);

        var attempts = Enumerable.Range(0, 200)
            .Select(i => Task.Run(async () =>
            {
                try
                {
                    await node.Mediator.Send(Create($"local-{i:D3}", GiB));
                    return (FailureKind?)null;
                }
                catch (StorageException ex)
                {
                    return ex.Kind;
                }
            }))
            .ToArray();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(100, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(FailureKind.InsufficientCapacity, o));
        var lvs = node.Machine.LogicalVolumesOf("open-local-pool-0");
        Assert.Equal(100, lvs.Count);
        Assert.True(lvs.Sum(lv => lv.SizeBytes) <= 100 * GiB);
        var records = await node.Get<IVolumeStore>().ListAsync(default);
        Assert.Equal(100, records.Count);
        Assert.All(records, r => Assert.Equal(VolumePhase.Ready, r.Phase));
    }
}
