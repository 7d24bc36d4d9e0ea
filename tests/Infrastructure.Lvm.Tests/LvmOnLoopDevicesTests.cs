using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Lvm.Tests;

/// <summary>
/// Real lvm2 on loop devices, metadata-only (no device-mapper on these hosts, testing.md). Each test
/// owns a uniquely named VG on two fresh loop devices and removes VG, PVs and loops even on failure.
/// </summary>
[Trait("Category", "Root")]
[Collection(RootCollection.Name)]
public sealed class LvmOnLoopDevicesTests : IAsyncLifetime
{
    private const long Mi = 1 << 20;
    private readonly string _vg = "oltest" + Guid.NewGuid().ToString("N")[..10];
    private readonly LvmCommands _lvm = new(LoopDevice.Runner, new LvmOptions { Activation = LvmActivationMode.MetadataOnly });
    private readonly List<LoopDevice> _loops = [];

    private LvmVolumeGroups Groups => new(_lvm, new DeviceSignatures(LoopDevice.Runner, _lvm.Options));

    private LvmLogicalVolumes Volumes => new(_lvm);

    private string Disk1 => _loops[0].Path;

    private string Disk2 => _loops[1].Path;

    public async Task InitializeAsync()
    {
        _loops.Add(await LoopDevice.CreateAsync(256 * Mi));
        _loops.Add(await LoopDevice.CreateAsync(256 * Mi));
    }

    public async Task DisposeAsync()
    {
        await LoopDevice.RunAsync("lvm", "vgremove", "-f", _vg, "--driverloaded", "n");
        foreach (var loop in _loops)
        {
            await LoopDevice.RunAsync("lvm", "pvremove", "-y", loop.Path, "--driverloaded", "n");
            await loop.DisposeAsync();
        }
    }

    [Fact]
    public async Task Creates_a_group_and_reads_it_back_from_one_report()
    {
        await Groups.CreateAsync(_vg, [Disk1], force: false, CancellationToken.None);

        var group = (await Groups.ListAsync(CancellationToken.None)).Single(g => g.Name == _vg);
        Assert.Equal([Disk1], group.PhysicalVolumes);
        Assert.Equal(4 * Mi, group.ExtentSizeBytes);
        // 256 MiB minus lvm2's 1 MiB metadata area, in whole 4 MiB extents.
        Assert.Equal(252 * Mi, group.SizeBytes);
        Assert.Equal(group.SizeBytes, group.FreeBytes);
        Assert.Empty(group.LogicalVolumes);
        Assert.False(group.Partial);
    }

    [Fact]
    public async Task Creates_extends_and_removes_a_tagged_volume()
    {
        await Groups.CreateAsync(_vg, [Disk1], force: false, CancellationToken.None);

        var created = await Volumes.CreateAsync(
            new LogicalVolumeSpec(_vg, "local-vol1", 10 * Mi + 1, LvmLayout.Linear, ["openlocal.kind=volume", "openlocal.volume-id=local-vol1", "openlocal.pvc=default/data-0"]),
            CancellationToken.None);

        Assert.Equal(12 * Mi, created.SizeBytes); // rounded up to whole extents
        Assert.Equal(["openlocal.kind=volume", "openlocal.pvc=default/data-0", "openlocal.volume-id=local-vol1"], created.Tags.Order(StringComparer.Ordinal));
        Assert.False(created.IsActive);

        var grown = await Volumes.ExtendAsync(_vg, "local-vol1", 40 * Mi, CancellationToken.None);
        Assert.Equal(40 * Mi, grown.SizeBytes);
        var group = (await Groups.ListAsync(CancellationToken.None)).Single(g => g.Name == _vg);
        Assert.Equal(group.SizeBytes - (40 * Mi), group.FreeBytes);

        await Volumes.RemoveIfExistsAsync(_vg, "local-vol1", CancellationToken.None);
        Assert.Null(await Volumes.FindAsync(_vg, "local-vol1", CancellationToken.None));
        await Volumes.RemoveIfExistsAsync(_vg, "local-vol1", CancellationToken.None);
    }

    [Fact]
    public async Task Reports_insufficient_capacity_and_missing_objects_as_typed_failures()
    {
        await Groups.CreateAsync(_vg, [Disk1], force: false, CancellationToken.None);
        await Volumes.CreateAsync(new LogicalVolumeSpec(_vg, "small", 8 * Mi, LvmLayout.Linear, []), CancellationToken.None);

        var tooBig = await Assert.ThrowsAsync<StorageException>(() =>
            Volumes.CreateAsync(new LogicalVolumeSpec(_vg, "big", 1L << 30, LvmLayout.Linear, []), CancellationToken.None));
        Assert.Equal(FailureKind.InsufficientCapacity, tooBig.Kind);
        Assert.Contains("insufficient free space", tooBig.Message, StringComparison.OrdinalIgnoreCase);

        var growTooBig = await Assert.ThrowsAsync<StorageException>(() => Volumes.ExtendAsync(_vg, "small", 1L << 30, CancellationToken.None));
        Assert.Equal(FailureKind.InsufficientCapacity, growTooBig.Kind);

        var noGroup = await Assert.ThrowsAsync<StorageException>(() =>
            Volumes.CreateAsync(new LogicalVolumeSpec(_vg + "x", "v", 4 * Mi, LvmLayout.Linear, []), CancellationToken.None));
        Assert.Equal(FailureKind.NotFound, noGroup.Kind);

        var noVolume = await Assert.ThrowsAsync<StorageException>(() => Volumes.ExtendAsync(_vg, "nothere", 8 * Mi, CancellationToken.None));
        Assert.Equal(FailureKind.NotFound, noVolume.Kind);
    }

    [Fact]
    public async Task Extends_the_group_with_a_second_device_and_stripes_across_both()
    {
        await Groups.CreateAsync(_vg, [Disk1], force: false, CancellationToken.None);

        await Groups.ExtendAsync(_vg, [Disk1, Disk2], force: false, CancellationToken.None);

        var group = (await Groups.ListAsync(CancellationToken.None)).Single(g => g.Name == _vg);
        Assert.Equal(new[] { Disk1, Disk2 }.Order(StringComparer.Ordinal), group.PhysicalVolumes.Order(StringComparer.Ordinal));
        Assert.Equal(504 * Mi, group.SizeBytes);

        // 400 MiB only fits when striped over both 252 MiB PVs.
        var striped = await Volumes.CreateAsync(new LogicalVolumeSpec(_vg, "wide", 400 * Mi, LvmLayout.Striping, []), CancellationToken.None);
        Assert.Equal(400 * Mi, striped.SizeBytes);
        var stripes = await LoopDevice.RunAsync("lvm", "lvs", "--noheadings", "-o", "stripes", $"{_vg}/wide", "--driverloaded", "n");
        Assert.Equal("2", stripes.StandardOutput.Trim());
    }

    [Fact]
    public async Task Refuses_to_initialise_a_device_with_an_ext4_signature_unless_forced()
    {
        var mkfs = await LoopDevice.RunAsync("mkfs.ext4", "-q", "-F", Disk2);
        Assert.True(mkfs.Succeeded, mkfs.StandardError);

        var refused = await Assert.ThrowsAsync<StorageException>(() => Groups.CreateAsync(_vg, [Disk2], force: false, CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, refused.Kind);
        Assert.Contains("ext4", refused.Message, StringComparison.Ordinal);
        var probe = await LoopDevice.RunAsync("blkid", "-p", "-o", "value", "-s", "TYPE", Disk2);
        Assert.Equal("ext4", probe.StandardOutput.Trim());
        Assert.DoesNotContain(await Groups.ListAsync(CancellationToken.None), g => g.Name == _vg);

        await Groups.CreateAsync(_vg, [Disk2], force: true, CancellationToken.None);
        Assert.Single(await Groups.ListAsync(CancellationToken.None), g => g.Name == _vg);
    }

    [Fact]
    public async Task Refuses_to_remove_a_protected_volume()
    {
        await Groups.CreateAsync(_vg, [Disk1], force: false, CancellationToken.None);
        await Volumes.CreateAsync(new LogicalVolumeSpec(_vg, "keep", 4 * Mi, LvmLayout.Linear, ["protected"]), CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => Volumes.RemoveIfExistsAsync(_vg, "keep", CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.NotNull(await Volumes.FindAsync(_vg, "keep", CancellationToken.None));
    }
}
