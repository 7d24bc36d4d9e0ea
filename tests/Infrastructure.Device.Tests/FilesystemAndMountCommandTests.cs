using Microsoft.Extensions.DependencyInjection;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Device.Filesystems;
using OpenLocal.Infrastructure.Device.Mounts;
using OpenLocal.Infrastructure.Fake.Commands;

namespace OpenLocal.Infrastructure.Device.Tests;

/// <summary>The argv sent for mkfs/grow/stat/mount (csi.md §6.4–§6.7) against a scripted runner.</summary>
public sealed class FilesystemAndMountCommandTests : IDisposable
{
    private const string Ext4Signature = """{"signatures": [{"device": "loop3", "offset": "0x438", "type": "ext4", "uuid": "u", "label": null}]}""";
    private readonly RecordingCommandRunner _runner = new();
    private readonly TempTree _tree = new();

    private LinuxFilesystems Filesystems() => new(new DeviceTools(_runner, new DeviceOptions()), new DeviceOptions());

    private LinuxMounts Mounts() => new(new DeviceTools(_runner, new DeviceOptions()), new DeviceOptions { MountInfoPath = _tree.PathOf("mountinfo") });

    [Theory]
    [InlineData("ext4", "mkfs.ext4 -F -m0 -E nodiscard /dev/loop3")]
    [InlineData("ext3", "mkfs.ext3 -F -m0 -E nodiscard /dev/loop3")]
    [InlineData("ext2", "mkfs.ext2 -F -m0 -E nodiscard /dev/loop3")]
    [InlineData("xfs", "mkfs.xfs -f -E nodiscard /dev/loop3")]
    public async Task Formats_a_blank_device_with_extra_options_before_the_device(string fs, string expected)
    {
        await Filesystems().FormatAsync("/dev/loop3", fs, ["-E", "nodiscard"], CancellationToken.None);

        Assert.Equal(["wipefs --json /dev/loop3", expected], _runner.CallTexts);
    }

    [Fact]
    public async Task Never_reformats_a_device_that_has_the_requested_filesystem()
    {
        _runner.On("wipefs", stdout: Ext4Signature);

        await Filesystems().FormatAsync("/dev/loop3", "ext4", [], CancellationToken.None);

        Assert.DoesNotContain(_runner.Calls, c => c.FileName.StartsWith("mkfs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_a_device_with_another_filesystem()
    {
        _runner.On("wipefs", stdout: Ext4Signature);

        var error = await Assert.ThrowsAsync<StorageException>(() => Filesystems().FormatAsync("/dev/loop3", "xfs", [], CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Equal("device /dev/loop3 already contains ext4, requested xfs", error.Message);
        Assert.DoesNotContain(_runner.Calls, c => c.FileName.StartsWith("mkfs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rejects_unsupported_filesystems_and_reports_missing_devices()
    {
        Assert.Equal(FailureKind.InvalidArgument, (await Assert.ThrowsAsync<StorageException>(() => Filesystems().FormatAsync("/dev/loop3", "btrfs", [], CancellationToken.None))).Kind);
        _runner.On("wipefs", exitCode: 1, stderr: "wipefs: error: /dev/nope: probing initialization failed: No such file or directory\n");
        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => Filesystems().ProbeAsync("/dev/nope", CancellationToken.None))).Kind);
    }

    [Fact]
    public async Task Grows_ext_by_device_and_xfs_by_mount_point()
    {
        await Filesystems().GrowAsync("/dev/vg/a", "/mnt/a", "ext4", CancellationToken.None);
        await Filesystems().GrowAsync("/dev/vg/b", "/mnt/b", "xfs", CancellationToken.None);

        Assert.Equal(["resize2fs /dev/vg/a", "xfs_growfs /mnt/b"], _runner.CallTexts);
    }

    [Fact]
    public async Task Computes_statfs_bytes_and_inodes()
    {
        _runner.On("stat", stdout: "4096 1000 400 300 2048 2000\n");

        var stats = await Filesystems().GetStatsAsync("/mnt/a", CancellationToken.None);

        Assert.Equal(new FilesystemStats(4096000, 1228800, 2457600, 2048, 2000, 48), stats);
        Assert.Equal(["stat -f --format=%S %b %f %a %c %d /mnt/a"], _runner.CallTexts);
    }

    [Fact]
    public async Task Mount_passes_deduplicated_options_in_order()
    {
        await Mounts().MountAsync("/dev/vg/a", "/var/lib/kubelet/pods/x/mount", "xfs", ["rw", "noatime", "rw", "nouuid"], CancellationToken.None);

        Assert.Equal(["mount -t xfs -o rw,noatime,nouuid /dev/vg/a /var/lib/kubelet/pods/x/mount"], _runner.CallTexts);
    }

    [Fact]
    public async Task Read_only_bind_is_a_bind_then_a_read_only_remount()
    {
        await Mounts().BindAsync("/dev/loop3", "/pub/target", readOnly: true, [], CancellationToken.None);

        Assert.Equal(["mount --bind /dev/loop3 /pub/target", "mount -o remount,bind,ro /pub/target"], _runner.CallTexts);
    }

    [Fact]
    public async Task A_failed_read_only_remount_undoes_the_bind()
    {
        _runner.On("mount", ["-o"], exitCode: 32, stderr: "mount: /pub/target: permission denied.\n");

        await Assert.ThrowsAsync<StorageException>(() => Mounts().BindAsync("/dev/loop3", "/pub/target", readOnly: true, [], CancellationToken.None));

        Assert.Equal("umount /pub/target", _runner.CallTexts[^1]);
    }

    [Fact]
    public async Task Prepares_a_0750_directory_or_a_file_replacing_an_empty_directory()
    {
        var dirTarget = _tree.PathOf("pods/uid/volumes/mount");
        var fileTarget = _tree.PathOf("publish/pv/uid");
        _tree.Dir("publish/pv/uid");

        await Mounts().PrepareTargetAsync(dirTarget, TargetKind.Directory, CancellationToken.None);
        await Mounts().PrepareTargetAsync(fileTarget, TargetKind.File, CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(dirTarget));
        Assert.True(File.Exists(fileTarget));
        _tree.File("busy/keep.txt", "data");
        await Assert.ThrowsAsync<StorageException>(() => Mounts().PrepareTargetAsync(_tree.PathOf("busy"), TargetKind.File, CancellationToken.None));
    }

    [Fact]
    public async Task Unmount_of_an_absent_or_unmounted_target_removes_only_empty_targets()
    {
        _tree.File("mountinfo", "22 1 254:0 / / rw - ext4 /dev/vda rw\n").Dir("empty").File("full/data", "x");

        await Mounts().UnmountAndRemoveAsync(_tree.PathOf("absent"), TargetRemoval.EmptyDirectory, CancellationToken.None);
        await Mounts().UnmountAndRemoveAsync(_tree.PathOf("empty"), TargetRemoval.EmptyDirectory, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageException>(() => Mounts().UnmountAndRemoveAsync(_tree.PathOf("full"), TargetRemoval.EmptyDirectory, CancellationToken.None));

        Assert.False(Directory.Exists(_tree.PathOf("empty")));
        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.True(File.Exists(_tree.PathOf("full/data")));
        Assert.Empty(_runner.Calls);
    }

    [Fact]
    public async Task Emptying_a_mount_point_removes_entries_but_not_link_targets_or_the_directory()
    {
        var mountPoint = _tree.PathOf("mnt/disk1");
        _tree.File("mnt/disk1/a.txt", "a").File("mnt/disk1/sub/deep/b.txt", "b").File("outside/keep.txt", "keep");
        Directory.CreateSymbolicLink(Path.Combine(mountPoint, "link"), _tree.PathOf("outside"));
        _tree.File("mountinfo", $"22 1 254:0 / / rw - ext4 /dev/vda rw\n40 22 7:3 / {mountPoint} rw - ext4 /dev/loop3 rw\n");

        await new MountPointContents(Mounts()).RemoveAllEntriesAsync(mountPoint, CancellationToken.None);

        Assert.True(Directory.Exists(mountPoint));
        Assert.Empty(Directory.EnumerateFileSystemEntries(mountPoint));
        Assert.True(File.Exists(_tree.PathOf("outside/keep.txt")));
    }

    [Fact]
    public async Task Refuses_to_empty_a_directory_that_is_not_a_mount_point()
    {
        _tree.File("mountinfo", "22 1 254:0 / / rw - ext4 /dev/vda rw\n").File("plain/data.txt", "x");

        var error = await Assert.ThrowsAsync<StorageException>(() => new MountPointContents(Mounts()).RemoveAllEntriesAsync(_tree.PathOf("plain"), CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.True(File.Exists(_tree.PathOf("plain/data.txt")));
    }

    [Fact]
    public async Task Block_copy_is_sequential_direct_io_of_exactly_the_requested_bytes()
    {
        _runner.On("blockdev", stdout: "1073741824\n");
        var copier = new Copying.DirectBlockCopier(new DeviceTools(_runner, new DeviceOptions()), new DeviceOptions());

        await copier.CopyAsync("/dev/vg/snap", "/dev/vg/restore", 536870912, CancellationToken.None);
        var tooBig = await Assert.ThrowsAsync<StorageException>(() => copier.CopyAsync("/dev/vg/snap", "/dev/vg/restore", 2147483648, CancellationToken.None));

        Assert.Equal("dd if=/dev/vg/snap of=/dev/vg/restore bs=4M count=536870912 iflag=direct,count_bytes oflag=direct conv=fsync,notrunc status=none", _runner.CallTexts[2]);
        Assert.Equal(FailureKind.OutOfRange, tooBig.Kind);
    }

    [Fact]
    public void Registration_provides_every_device_port()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<ICommandRunner>(_runner)
            .AddDeviceBackend(new DeviceOptions { SysfsRoot = "/host_sys" })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService<IBlockDevices>());
        Assert.NotNull(provider.GetRequiredService<IFilesystems>());
        Assert.NotNull(provider.GetRequiredService<IMounts>());
        Assert.NotNull(provider.GetRequiredService<IIoThrottles>());
        Assert.NotNull(provider.GetRequiredService<IBlockCopier>());
        Assert.NotNull(provider.GetRequiredService<IMountPointContents>());
        Assert.Equal("/host_sys/fs/cgroup", provider.GetRequiredService<DeviceOptions>().CgroupRootPath);
    }

    public void Dispose() => _tree.Dispose();
}
