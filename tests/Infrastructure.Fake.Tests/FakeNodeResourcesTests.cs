using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Fake.Tests;

/// <summary>Devices, VGs, filesystems, mounts, throttles and stores of the fake node.</summary>
public sealed class FakeNodeResourcesTests
{
    private const long GiB = 1L << 30;
    private readonly FakeMachine _machine = new(FakeBackendOptions.Default);

    [Fact]
    public async Task Default_seed_has_one_vg_two_free_devices_and_one_mount_point()
    {
        var vgs = await new FakeVolumeGroups(_machine).ListAsync(default);
        var devices = await new FakeBlockDevices(_machine).ListAsync(default);
        var mounts = await new FakeMounts(_machine).ListUnderAsync("/mnt/open-local", default);

        var vg = Assert.Single(vgs);
        Assert.Equal(("open-local-pool-0", 100 * GiB, 100 * GiB, 4L << 20), (vg.Name, vg.SizeBytes, vg.FreeBytes, vg.ExtentSizeBytes));
        Assert.Equal(["/dev/vdc", "/dev/vdd"], devices.Where(d => !d.InUse).Select(d => d.Path));
        Assert.Equal(["/dev/vdb", "/dev/vde"], devices.Where(d => d.InUse).Select(d => d.Path));
        Assert.Equal("/mnt/open-local/disk1", Assert.Single(mounts).Target);
    }

    [Fact]
    public async Task Vg_creation_refuses_devices_with_signatures_unless_forced()
    {
        var vgs = new FakeVolumeGroups(_machine);
        _machine.SetSignature("/dev/vdc", "ext4");

        var ex = await Assert.ThrowsAsync<StorageException>(() => vgs.CreateAsync("pool-1", ["/dev/vdc"], false, default));
        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
        Assert.Equal(FailureKind.FailedPrecondition, (await Assert.ThrowsAsync<StorageException>(() => vgs.CreateAsync("pool-1", ["/dev/vde"], true, default))).Kind);

        await vgs.CreateAsync("pool-1", ["/dev/vdc"], true, default);
        await vgs.ExtendAsync("pool-1", ["/dev/vdd"], false, default);
        var pool = (await vgs.ListAsync(default)).Single(v => v.Name == "pool-1");
        Assert.Equal(250 * GiB, pool.SizeBytes);
        Assert.Equal(["/dev/vdc", "/dev/vdd"], pool.PhysicalVolumes);
        Assert.Equal(FailureKind.AlreadyExists, (await Assert.ThrowsAsync<StorageException>(() => vgs.CreateAsync("pool-1", ["/dev/vdd"], true, default))).Kind);
    }

    [Fact]
    public async Task Format_probe_mount_stats_and_grow()
    {
        var filesystems = new FakeFilesystems(_machine);
        var mounts = new FakeMounts(_machine);
        var lvs = new FakeLogicalVolumes(_machine);
        var lv = await lvs.CreateAsync(new LogicalVolumeSpec("open-local-pool-0", "v", GiB, LvmLayout.Linear, []), default);

        Assert.Null(await filesystems.ProbeAsync(lv.DevicePath, default));
        await filesystems.FormatAsync(lv.DevicePath, "xfs", [], default);
        Assert.Equal("xfs", await filesystems.ProbeAsync(lv.DevicePath, default));

        await Assert.ThrowsAsync<StorageException>(() => mounts.MountAsync(lv.DevicePath, "/target", "xfs", [], default));
        await mounts.PrepareTargetAsync("/target", TargetKind.Directory, default);
        await Assert.ThrowsAsync<StorageException>(() => mounts.MountAsync(lv.DevicePath, "/target", "ext4", [], default));
        await mounts.MountAsync(lv.DevicePath, "/target", "xfs", ["rw", "nouuid"], default);
        Assert.Equal(["rw", "nouuid"], (await mounts.FindAsync("/target", default))!.Options);
        Assert.Equal(GiB, (await filesystems.GetStatsAsync("/target", default)).TotalBytes);

        await lvs.ExtendAsync("open-local-pool-0", "v", 2 * GiB, default);
        await filesystems.GrowAsync(lv.DevicePath, "/target", "xfs", default);
        Assert.Equal(2 * GiB, (await filesystems.GetStatsAsync("/target", default)).TotalBytes);

        Assert.Equal(FailureKind.FailedPrecondition, (await Assert.ThrowsAsync<StorageException>(() => filesystems.FormatAsync(lv.DevicePath, "ext4", [], default))).Kind);
        await mounts.UnmountAndRemoveAsync("/target", TargetRemoval.EmptyDirectory, default);
        await mounts.UnmountAndRemoveAsync("/target", TargetRemoval.EmptyDirectory, default);
        Assert.Null(await mounts.FindAsync("/target", default));
        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => filesystems.GetStatsAsync("/target", default))).Kind);
    }

    [Fact]
    public async Task Bind_mounts_of_devices_and_directories_carry_ro_when_asked()
    {
        var mounts = new FakeMounts(_machine);
        await mounts.PrepareTargetAsync("/pod/block", TargetKind.File, default);
        await mounts.PrepareTargetAsync("/pod/dir", TargetKind.Directory, default);

        await mounts.BindAsync("/dev/vdc", "/pod/block", true, [], default);
        await mounts.BindAsync("/mnt/open-local/disk1", "/pod/dir", false, ["noatime"], default);

        var block = await mounts.FindAsync("/pod/block", default);
        Assert.True(block!.IsBind);
        Assert.Equal(["ro"], block.Options);
        Assert.Equal(["rw", "noatime"], (await mounts.FindAsync("/pod/dir", default))!.Options);
        await Assert.ThrowsAsync<StorageException>(() => mounts.BindAsync("/nowhere", "/pod/dir", false, [], default));
    }

    [Fact]
    public async Task Throttles_are_recorded_per_volume_and_pod()
    {
        var throttles = new FakeIoThrottles();
        var target = new ThrottleTarget("v", "/dev/open-local-pool-0/v", "pod-1");

        await throttles.ApplyAsync(target, IoThrottle.Symmetric(1 << 20, 100), default);
        Assert.Equal(100, throttles.Find("v", "pod-1")!.ReadIops);
        await throttles.RemoveAsync(target, default);
        await throttles.RemoveAsync(target, default);
        Assert.Null(throttles.Find("v", "pod-1"));
    }

    [Fact]
    public async Task Stores_create_once_update_existing_list_sorted_and_delete_idempotently()
    {
        var store = new FakeVolumeStore();
        var b = new LocalVolume("b", "n", VolumeType.LVM, "vg", 1);
        await store.CreateAsync(b, default);
        await store.CreateAsync(new LocalVolume("a", "n", VolumeType.LVM, "vg", 1), default);

        Assert.Equal(FailureKind.AlreadyExists, (await Assert.ThrowsAsync<StorageException>(() => store.CreateAsync(b, default))).Kind);
        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => store.UpdateAsync(new LocalVolume("c", "n", VolumeType.LVM, "vg", 1), default))).Kind);
        await store.UpdateAsync(b.RequestExpansion(5), default);
        Assert.Equal(["a", "b"], (await store.ListAsync(default)).Select(v => v.Id));
        Assert.Equal(5, (await store.FindAsync("b", default))!.SizeBytes);
        await store.RequestDeletionAsync("b", default);
        Assert.Equal(VolumePhase.Deleting, (await store.FindAsync("b", default))!.Phase);
        await store.ReleaseAsync("b", default);
        await store.ReleaseAsync("b", default);
        Assert.Null(await store.FindAsync("b", default));
    }

    [Fact]
    public async Task Block_copy_carries_the_data_and_refuses_a_smaller_target()
    {
        var copier = new FakeBlockCopier(_machine);
        _machine.SetSignature("/dev/vdc", "ext4");

        await copier.CopyAsync("/dev/vdc", "/dev/vdd", 50 * GiB, default);

        Assert.Equal("ext4", await new FakeFilesystems(_machine).ProbeAsync("/dev/vdd", default));
        Assert.Equal(FailureKind.OutOfRange, (await Assert.ThrowsAsync<StorageException>(() => copier.CopyAsync("/dev/vdd", "/dev/vdc", 200 * GiB, default))).Kind);
    }

    [Fact]
    public async Task A_block_target_is_removed_only_when_the_caller_allows_files()
    {
        var mounts = new FakeMounts(_machine);
        await mounts.PrepareTargetAsync("/pod/block", TargetKind.File, default);

        var error = await Assert.ThrowsAsync<StorageException>(() => mounts.UnmountAndRemoveAsync("/pod/block", TargetRemoval.EmptyDirectory, default));
        await mounts.UnmountAndRemoveAsync("/pod/block", TargetRemoval.EmptyDirectoryOrBlockFile, default);

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        await Assert.ThrowsAsync<StorageException>(() => mounts.BindAsync("/dev/vdc", "/pod/block", false, [], default));
    }
}
