using Moq;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Provisioning;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Provisioning;

/// <summary>Standalone inventory: what the agent would report (node-agent.md §3).</summary>
public sealed class LocalStorageInventoryTests
{
    [Fact]
    public async Task The_default_fake_node_offers_its_vg_free_devices_and_mount_point()
    {
        using var node = FakeNode.Start();

        var storage = Assert.Single(await node.Get<IStorageInventory>().ListNodesAsync(default));

        Assert.Equal("node-1", storage.NodeName);
        var vg = Assert.Single(storage.VolumeGroups);
        Assert.Equal(("open-local-pool-0", 100 * GiB), (vg.Name, vg.AllocatableBytes));
        Assert.Equal(["/dev/vdc", "/dev/vdd"], storage.Devices.Select(d => d.Path));
        Assert.Equal([MediaType.Ssd, MediaType.Hdd], storage.Devices.Select(d => d.MediaType));
        var mp = Assert.Single(storage.MountPoints);
        Assert.Equal(("/mnt/open-local/disk1", 20 * GiB, "ext4"), (mp.Path, mp.CapacityBytes, mp.FsType));
    }

    [Fact]
    public async Task Foreign_lvs_reduce_allocatable_and_ours_by_tag_or_name_do_not()
    {
        using var node = FakeNode.Start();
        node.Machine.AddForeignLogicalVolume("open-local-pool-0", "root", 10 * GiB);
        node.Machine.AddForeignLogicalVolume("open-local-pool-0", "anything", 5 * GiB, "openlocal.volume-id=anything");
        node.Machine.AddForeignLogicalVolume("open-local-pool-0", "local-52f1bab4", 5 * GiB);
        node.Machine.AddForeignLogicalVolume("open-local-pool-0", "csi-0123", 5 * GiB);

        var storage = Assert.Single(await node.Get<IStorageInventory>().ListNodesAsync(default));

        Assert.Equal(90 * GiB, storage.VolumeGroups[0].AllocatableBytes);
    }

    [Fact]
    public async Task Only_included_vgs_are_offered()
    {
        var backend = FakeBackendOptions.Default with
        {
            VolumeGroups =
            [
                new FakeVolumeGroupSeed("open-local-pool-0", 10 * GiB, ["/dev/vdb"]),
                new FakeVolumeGroupSeed("system", 10 * GiB, ["/dev/vda"]),
            ],
        };
        using var node = FakeNode.Start(backend);

        var storage = Assert.Single(await node.Get<IStorageInventory>().ListNodesAsync(default));

        Assert.Equal(["open-local-pool-0"], storage.VolumeGroups.Select(v => v.Name));
    }

    [Fact]
    public async Task Devices_in_use_read_only_or_sharing_a_disk_with_used_partitions_are_not_offered()
    {
        var devices = new Mock<IBlockDevices>();
        devices.Setup(d => d.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            new BlockDeviceInfo("/dev/sda", 100 * GiB, MediaType.Hdd, false, false, null, false, 8, 0),
            new BlockDeviceInfo("/dev/sda1", 50 * GiB, MediaType.Hdd, false, true, "/dev/sda", true, 8, 1),
            new BlockDeviceInfo("/dev/sda2", 50 * GiB, MediaType.Hdd, false, true, "/dev/sda", false, 8, 2),
            new BlockDeviceInfo("/dev/sdb", 100 * GiB, MediaType.Ssd, false, false, null, false, 8, 16),
            new BlockDeviceInfo("/dev/sdb1", 100 * GiB, MediaType.Ssd, false, true, "/dev/sdb", false, 8, 17),
            new BlockDeviceInfo("/dev/sdc", 100 * GiB, MediaType.Ssd, true, false, null, false, 8, 32),
            new BlockDeviceInfo("/dev/sdd", 100 * GiB, MediaType.Ssd, false, false, null, true, 8, 48),
            new BlockDeviceInfo("/dev/sde", 100 * GiB, MediaType.Ssd, false, false, null, false, 8, 64),
        ]);
        var groups = new Mock<IVolumeGroups>();
        groups.Setup(g => g.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var mounts = new Mock<IMounts>();
        mounts.Setup(m => m.ListUnderAsync("/mnt/open-local", It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var inventory = new LocalStorageInventory(new LocalStorageOptions { NodeName = "n", Hostname = "h" }, groups.Object, devices.Object, mounts.Object, Mock.Of<IFilesystems>());

        var storage = Assert.Single(await inventory.ListNodesAsync(default));

        Assert.Equal(["/dev/sdb1", "/dev/sde"], storage.Devices.Select(d => d.Path));
        Assert.Equal("h", storage.Hostname);
    }
}
