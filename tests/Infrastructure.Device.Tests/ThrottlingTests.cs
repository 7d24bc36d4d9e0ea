using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Throttling;
using OpenLocal.Infrastructure.Device.Throttling;
using OpenLocal.Infrastructure.Fake.Commands;

namespace OpenLocal.Infrastructure.Device.Tests;

/// <summary>Pod cgroup resolution and limit files on fabricated cgroup trees (throttling.md §3–§6).</summary>
public sealed class ThrottlingTests : IDisposable
{
    private const string Uid = "0b0ab7b4-5f0e-4c7a-9d51-1f6b3d1c2a10";
    private const string UidUnderscored = "0b0ab7b4_5f0e_4c7a_9d51_1f6b3d1c2a10";
    private static readonly DeviceNumber Dm300 = new(253, 300);

    private readonly TempTree _tree = new();
    private readonly RecordingCommandRunner _runner = new();

    [Theory]
    [InlineData(CgroupDriver.Systemd, "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UidUnderscored + ".slice")]
    [InlineData(CgroupDriver.Systemd, "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UidUnderscored + ".slice")]
    [InlineData(CgroupDriver.Systemd, "kubepods.slice/kubepods-pod" + UidUnderscored + ".slice")]
    [InlineData(CgroupDriver.Cgroupfs, "kubepods/besteffort/pod" + Uid)]
    [InlineData(CgroupDriver.Cgroupfs, "kubepods/burstable/pod" + Uid)]
    [InlineData(CgroupDriver.Cgroupfs, "kubepods/pod" + Uid)]
    public void Finds_the_pod_cgroup_of_every_qos_class_for_both_drivers(CgroupDriver driver, string layout)
    {
        _tree.Dir("blkio/" + layout);
        var other = driver == CgroupDriver.Systemd ? CgroupDriver.Cgroupfs : CgroupDriver.Systemd;

        Assert.Equal(_tree.PathOf("blkio/" + layout), PodCgroups.Find(_tree.PathOf("blkio"), Uid, driver));
        // The flag is a hint: the other driver's layout is tried too.
        Assert.Equal(_tree.PathOf("blkio/" + layout), PodCgroups.Find(_tree.PathOf("blkio"), Uid, other));
    }

    [Fact]
    public void Searches_non_default_cgroup_roots_breadth_first()
    {
        _tree.Dir("blkio/custom-root/kubepods/besteffort/other-pod").Dir("blkio/custom-root/kubepods/besteffort/pod" + Uid);
        _tree.Dir("blkio/system.slice/x/kubepods-besteffort-pod" + UidUnderscored + ".slice");

        var found = PodCgroups.Find(_tree.PathOf("blkio"), Uid, CgroupDriver.Systemd);

        Assert.Equal(_tree.PathOf("blkio/system.slice/x/kubepods-besteffort-pod" + UidUnderscored + ".slice"), found);
        Assert.Null(PodCgroups.Find(_tree.PathOf("blkio"), "11111111-2222-3333-4444-555555555555", CgroupDriver.Systemd));
    }

    [Fact]
    public void Detects_v1_hybrid_and_v2_hierarchies()
    {
        using var v1 = new TempTree();
        v1.File("blkio/" + BlkioV1Limits.ReadBps, string.Empty).File("unified/cgroup.controllers", "io");
        using var v2 = new TempTree();
        v2.File("cgroup.controllers", "cpu io memory");

        Assert.Equal(new CgroupHierarchy(CgroupVersion.V1, v1.PathOf("blkio")), CgroupHierarchy.Detect(v1.Root));
        Assert.Equal(new CgroupHierarchy(CgroupVersion.V2, v2.Root), CgroupHierarchy.Detect(v2.Root));
        Assert.Equal(FailureKind.FailedPrecondition, Assert.Throws<StorageException>(() => CgroupHierarchy.Detect(_tree.Root)).Kind);
    }

    [Fact]
    public void V1_writes_one_major_minor_value_line_per_file()
    {
        var dir = V1PodDirectory();

        BlkioV1Limits.Apply(dir, Dm300, new IoThrottle(1048576, 2097152, 1024, 0));

        Assert.Equal("253:300 1048576\n", File.ReadAllText(Path.Combine(dir, BlkioV1Limits.ReadBps)));
        Assert.Equal("253:300 2097152\n", File.ReadAllText(Path.Combine(dir, BlkioV1Limits.WriteBps)));
        Assert.Equal("253:300 1024\n", File.ReadAllText(Path.Combine(dir, BlkioV1Limits.ReadIops)));
        Assert.Equal("253:300 0\n", File.ReadAllText(Path.Combine(dir, BlkioV1Limits.WriteIops)));
    }

    [Fact]
    public void V2_writes_io_max_with_max_for_no_limit_and_removal_is_all_max()
    {
        _tree.File("cgroup.controllers", "io").File($"kubepods.slice/kubepods-pod{UidUnderscored}.slice/io.max", string.Empty);
        var dir = _tree.PathOf($"kubepods.slice/kubepods-pod{UidUnderscored}.slice");

        IoMaxLimits.Apply(dir, Dm300, IoThrottle.Symmetric(1048576, 0));
        Assert.Equal("253:300 rbps=1048576 wbps=1048576 riops=max wiops=max\n", File.ReadAllText(Path.Combine(dir, "io.max")));
        Assert.Equal(IoThrottle.Symmetric(1048576, 0), IoMaxLimits.Read(dir, Dm300));

        IoMaxLimits.Remove(dir, Dm300);
        Assert.Equal("253:300 rbps=max wbps=max riops=max wiops=max\n", File.ReadAllText(Path.Combine(dir, "io.max")));
    }

    [Fact]
    public void V2_without_io_max_is_a_failed_precondition()
    {
        var dir = _tree.Dir("pod").PathOf("pod");

        var error = Assert.Throws<StorageException>(() => IoMaxLimits.Apply(dir, Dm300, IoThrottle.Symmetric(1, 1)));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Contains("io controller not enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adapter_applies_limits_for_the_device_number_of_the_volume_device()
    {
        var dir = V1PodDirectory();
        _runner.On("stat", stdout: "block special file:1113388\n");

        await Throttles().ApplyAsync(new ThrottleTarget("vol1", "/dev/vg/vol1", Uid), IoThrottle.Symmetric(1048576, 1024), CancellationToken.None);

        Assert.Equal("253:300 1048576\n", File.ReadAllText(Path.Combine(dir, BlkioV1Limits.WriteBps)));
        Assert.Equal("253:300 1024\n", File.ReadAllText(Path.Combine(dir, BlkioV1Limits.ReadIops)));
        Assert.Equal(["stat -L --format=%F:%r /dev/vg/vol1"], _runner.CallTexts);
    }

    [Fact]
    public async Task Adapter_reports_a_missing_pod_cgroup_as_unavailable_and_removal_there_as_done()
    {
        _tree.File("blkio/" + BlkioV1Limits.ReadBps, string.Empty);
        _runner.On("stat", stdout: "block special file:1792\n");
        var target = new ThrottleTarget("vol1", "/dev/loop0", Uid);

        var error = await Assert.ThrowsAsync<StorageException>(() => Throttles().ApplyAsync(target, IoThrottle.Symmetric(1, 1), CancellationToken.None));
        await Throttles().RemoveAsync(target, CancellationToken.None);

        Assert.Equal(FailureKind.Unavailable, error.Kind);
    }

    [Fact]
    public async Task Adapter_removal_writes_zero_to_all_four_files()
    {
        var dir = V1PodDirectory();
        _runner.On("stat", stdout: "block special file:1792\n");
        var target = new ThrottleTarget("vol1", "/dev/loop0", Uid);

        await Throttles().ApplyAsync(target, IoThrottle.Symmetric(1048576, 100), CancellationToken.None);
        await Throttles().RemoveAsync(target, CancellationToken.None);

        foreach (var file in new[] { BlkioV1Limits.ReadBps, BlkioV1Limits.WriteBps, BlkioV1Limits.ReadIops, BlkioV1Limits.WriteIops })
            Assert.Equal("7:0 0\n", File.ReadAllText(Path.Combine(dir, file)));
    }

    [Fact]
    public async Task Adapter_refuses_to_throttle_something_that_is_not_a_block_device()
    {
        V1PodDirectory();
        _runner.On("stat", stdout: "regular file:0\n");

        var error = await Assert.ThrowsAsync<StorageException>(() =>
            Throttles().ApplyAsync(new ThrottleTarget("vol1", "/etc/hostname", Uid), IoThrottle.Symmetric(1, 1), CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
    }

    private CgroupIoThrottles Throttles()
    {
        var options = new DeviceOptions { CgroupRoot = _tree.Root, CgroupDriver = CgroupDriver.Cgroupfs };
        return new CgroupIoThrottles(new DeviceTools(_runner, options), options);
    }

    private string V1PodDirectory()
    {
        var layout = "blkio/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UidUnderscored + ".slice";
        _tree.File("blkio/" + BlkioV1Limits.ReadBps, string.Empty);
        foreach (var file in new[] { BlkioV1Limits.ReadBps, BlkioV1Limits.WriteBps, BlkioV1Limits.ReadIops, BlkioV1Limits.WriteIops })
            _tree.File(layout + "/" + file, string.Empty);
        return _tree.PathOf(layout);
    }

    public void Dispose() => _tree.Dispose();
}
