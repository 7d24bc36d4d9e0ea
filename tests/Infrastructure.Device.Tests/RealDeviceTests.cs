using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Device.Discovery;
using OpenLocal.Infrastructure.Device.Filesystems;
using OpenLocal.Infrastructure.Device.Mounts;

namespace OpenLocal.Infrastructure.Device.Tests;

/// <summary>
/// Discovery, mkfs, mount, online grow and block publish on real loop devices (testing.md host tier).
/// Every test unmounts its targets and detaches its loops in DisposeAsync, also when it fails.
/// </summary>
[Trait("Category", "Root")]
[Collection(RootCollection.Name)]
public sealed class RealDeviceTests : IAsyncLifetime
{
    private const long Mi = 1 << 20;
    private readonly DeviceOptions _options = new();
    private readonly List<LoopDevice> _loops = [];
    private readonly List<string> _targets = [];
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("openlocal-device-root-");

    private DeviceTools Tools => new(LoopDevice.Runner, _options);

    private SysfsBlockDevices Devices => new(Tools, _options);

    private LinuxFilesystems Filesystems => new(Tools, _options);

    private LinuxMounts Mounts => new(Tools, _options);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var target in _targets)
        {
            for (var i = 0; i < 8 && await Mounts.FindAsync(target, CancellationToken.None) is not null; i++)
                await LoopDevice.RunAsync("umount", target);
        }
        foreach (var loop in _loops)
            await loop.DisposeAsync();
        _work.Delete(recursive: true);
    }

    [Fact]
    public async Task Discovery_on_the_real_sysfs_finds_the_loop_device_with_its_size()
    {
        var loop = await LoopAsync(96 * Mi);

        var device = Assert.Single(await Devices.ListAsync(CancellationToken.None), d => d.Path == loop.Path);

        Assert.Equal(96 * Mi, device.SizeBytes);
        Assert.Equal(7U, device.Major);
        Assert.False(device.IsPartition);
        Assert.False(device.InUse);
        Assert.Null(device.Signature);
        Assert.Equal(96 * Mi, await Devices.GetSizeAsync(loop.Path, CancellationToken.None));
        Assert.True(await Devices.IsBlockDeviceAsync(loop.Path, CancellationToken.None));
        Assert.False(await Devices.IsBlockDeviceAsync(loop.BackingFile, CancellationToken.None));
        Assert.False(await Devices.IsBlockDeviceAsync("/dev/openlocal-no-such-device", CancellationToken.None));
    }

    [Fact]
    public async Task Discovery_reports_the_signature_of_a_device_listed_after_a_blank_one()
    {
        // blkid -p stops at the first device it finds nothing on: a blank loop sorting before a formatted one hid
        // the formatted one's signature (seen in CI when other projects' blank loops were attached meanwhile).
        var first = await LoopAsync(64 * Mi);
        var second = await LoopAsync(64 * Mi);
        var (blank, formatted) = string.CompareOrdinal(first.Path, second.Path) < 0 ? (first, second) : (second, first);
        await Filesystems.FormatAsync(formatted.Path, "ext4", [], CancellationToken.None);

        var devices = (await Devices.ListAsync(CancellationToken.None)).ToDictionary(d => d.Path);

        Assert.Null(devices[blank.Path].Signature);
        Assert.Equal("ext4", devices[formatted.Path].Signature);
    }

    [Theory]
    [InlineData("ext4")]
    [InlineData("xfs")]
    public async Task Formats_mounts_writes_measures_and_unmounts(string fs)
    {
        var loop = await LoopAsync(320 * Mi);
        var target = Target("mnt-" + fs);

        await Filesystems.FormatAsync(loop.Path, fs, [], CancellationToken.None);
        await AssertProbeAsync(loop, fs);
        var discovered = Assert.Single(await Devices.ListAsync(CancellationToken.None), d => d.Path == loop.Path);
        Assert.Equal(fs, discovered.Signature);
        Assert.False(discovered.InUse);

        await Mounts.PrepareTargetAsync(target, TargetKind.Directory, CancellationToken.None);
        await Mounts.MountAsync(loop.Path, target, fs, fs == "xfs" ? ["rw", "nouuid"] : ["rw"], CancellationToken.None);
        var mount = await Mounts.FindAsync(target, CancellationToken.None);
        Assert.Equal(loop.Path, mount!.Source);
        Assert.Equal(fs, mount.FsType);
        Assert.True(Assert.Single(await Devices.ListAsync(CancellationToken.None), d => d.Path == loop.Path).InUse);

        await File.WriteAllBytesAsync(Path.Combine(target, "data.bin"), new byte[16 * Mi]);
        var stats = await Filesystems.GetStatsAsync(target, CancellationToken.None);
        Assert.InRange(stats.TotalBytes, 200 * Mi, 320 * Mi);
        Assert.True(stats.UsedBytes >= 16 * Mi, $"used {stats.UsedBytes}");
        Assert.True(stats.AvailableBytes <= stats.TotalBytes - stats.UsedBytes);
        Assert.True(stats.TotalInodes > 0 && stats.FreeInodes < stats.TotalInodes);

        await Mounts.UnmountAndRemoveAsync(target, TargetRemoval.EmptyDirectory, CancellationToken.None);
        Assert.Null(await Mounts.FindAsync(target, CancellationToken.None));
        Assert.False(Directory.Exists(target));
    }

    // ext4 online resize needs CAP_SYS_RESOURCE, which root lacks on these hosts ("Permission denied to
    // resize filesystem"); resize2fs runs in the real-kernel VM tier. xfs_growfs needs only CAP_SYS_ADMIN.
    [Fact]
    public async Task Grows_a_mounted_xfs_online_after_the_device_grew()
    {
        var loop = await LoopAsync(320 * Mi);
        var target = Target("mnt-grow");
        await Filesystems.FormatAsync(loop.Path, "xfs", [], CancellationToken.None);
        await Mounts.PrepareTargetAsync(target, TargetKind.Directory, CancellationToken.None);
        await Mounts.MountAsync(loop.Path, target, "xfs", ["nouuid"], CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(target, "data.bin"), new byte[16 * Mi]);
        var before = await Filesystems.GetStatsAsync(target, CancellationToken.None);

        await loop.GrowAsync(640 * Mi);
        Assert.Equal(640 * Mi, await Devices.GetSizeAsync(loop.Path, CancellationToken.None));
        await Filesystems.GrowAsync(loop.Path, target, "xfs", CancellationToken.None);

        var after = await Filesystems.GetStatsAsync(target, CancellationToken.None);
        Assert.True(after.TotalBytes > before.TotalBytes + (250 * Mi), $"{before.TotalBytes} -> {after.TotalBytes}");
        Assert.Equal(16 * Mi, new FileInfo(Path.Combine(target, "data.bin")).Length);
        await Mounts.UnmountAndRemoveAsync(target, TargetRemoval.EmptyDirectory, CancellationToken.None);
    }

    [Fact]
    public async Task Never_reformats_a_device_that_already_has_a_filesystem()
    {
        var loop = await LoopAsync(64 * Mi);
        await Filesystems.FormatAsync(loop.Path, "ext4", [], CancellationToken.None);
        var uuid = await UuidAsync(loop.Path);

        await Filesystems.FormatAsync(loop.Path, "ext4", [], CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageException>(() => Filesystems.FormatAsync(loop.Path, "xfs", [], CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Equal(uuid, await UuidAsync(loop.Path));
        await AssertProbeAsync(loop, "ext4");
    }

    [Fact]
    public async Task Block_publish_binds_the_device_node_read_write_or_read_only()
    {
        var loop = await LoopAsync(64 * Mi);
        var writable = Target("block-rw");
        var readOnly = Target("block-ro");

        await Mounts.PrepareTargetAsync(writable, TargetKind.File, CancellationToken.None);
        await Mounts.BindAsync(loop.Path, writable, readOnly: false, [], CancellationToken.None);
        await Mounts.PrepareTargetAsync(readOnly, TargetKind.File, CancellationToken.None);
        await Mounts.BindAsync(loop.Path, readOnly, readOnly: true, [], CancellationToken.None);

        Assert.True(await Devices.IsBlockDeviceAsync(writable, CancellationToken.None));
        Assert.Equal((await Tools.StatAsync(loop.Path, CancellationToken.None))!.Value.Device, (await Tools.StatAsync(writable, CancellationToken.None))!.Value.Device);
        Assert.NotNull(await Mounts.FindAsync(writable, CancellationToken.None));
        Assert.Contains("ro", (await Mounts.FindAsync(readOnly, CancellationToken.None))!.Options);
        Assert.DoesNotContain("ro", (await Mounts.FindAsync(writable, CancellationToken.None))!.Options);
        using (var handle = File.OpenHandle(writable, FileMode.Open, FileAccess.Write))
            RandomAccess.Write(handle, new byte[4096], 0);

        await Mounts.UnmountAndRemoveAsync(writable, TargetRemoval.EmptyDirectoryOrBlockFile, CancellationToken.None);
        await Mounts.UnmountAndRemoveAsync(readOnly, TargetRemoval.EmptyDirectoryOrBlockFile, CancellationToken.None);
        Assert.False(File.Exists(writable));
        Assert.False(File.Exists(readOnly));
    }

    [Fact]
    public async Task A_file_holding_data_is_unmounted_but_never_deleted()
    {
        // Issue 19: unpublish of a target that is someone's file (here: bind-mounted over) must not delete it.
        var loop = await LoopAsync(16 * Mi);
        var target = Target("someones-file");
        await File.WriteAllTextAsync(target, "keep");
        await Mounts.BindAsync(loop.Path, target, readOnly: false, [], CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => Mounts.UnmountAndRemoveAsync(target, TargetRemoval.EmptyDirectoryOrBlockFile, CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Null(await Mounts.FindAsync(target, CancellationToken.None));
        Assert.Equal("keep", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task Wiping_signatures_makes_a_device_blank_again()
    {
        var loop = await LoopAsync(64 * Mi);
        await Filesystems.FormatAsync(loop.Path, "ext4", [], CancellationToken.None);

        await Devices.WipeSignaturesAsync(loop.Path, CancellationToken.None);

        await AssertProbeAsync(loop, null);
    }

    [Fact]
    public async Task Copies_a_device_block_for_block_with_direct_io()
    {
        var source = await LoopAsync(16 * Mi);
        var target = await LoopAsync(32 * Mi);
        var pattern = new byte[16 * Mi];
        new Random(42).NextBytes(pattern);
        using (var handle = File.OpenHandle(source.Path, FileMode.Open, FileAccess.Write))
            RandomAccess.Write(handle, pattern, 0);

        await new Copying.DirectBlockCopier(Tools, _options).CopyAsync(source.Path, target.Path, 16 * Mi, CancellationToken.None);

        var copied = new byte[16 * Mi];
        using (var handle = File.OpenHandle(target.Path, FileMode.Open, FileAccess.Read))
            Assert.Equal(copied.Length, RandomAccess.Read(handle, copied, 0));
        Assert.True(pattern.AsSpan().SequenceEqual(copied));
    }

    /// <summary>
    /// The probe must report <paramref name="expected"/>; otherwise the failure says what the kernel and blkid see
    /// (a CI run once saw null right after mkfs, with other projects' root tests running; the message then shows
    /// whether the loop was still attached to this test's file and what blkid reads from it).
    /// </summary>
    private async Task AssertProbeAsync(LoopDevice loop, string? expected)
    {
        var probed = await Filesystems.ProbeAsync(loop.Path, CancellationToken.None);
        if (probed != expected)
            Assert.Fail($"probe of {loop.Path} returned {probed ?? "null"}, expected {expected ?? "null"}; {await loop.DescribeAsync()}");
    }

    private async Task<LoopDevice> LoopAsync(long size)
    {
        var loop = await LoopDevice.CreateAsync(size);
        _loops.Add(loop);
        return loop;
    }

    private string Target(string name)
    {
        var path = Path.Combine(_work.FullName, name);
        _targets.Add(path);
        return path;
    }

    private static async Task<string> UuidAsync(string device) =>
        (await LoopDevice.RunAsync("blkid", "-p", "-o", "value", "-s", "UUID", device)).StandardOutput.Trim();
}
