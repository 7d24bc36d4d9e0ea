using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Tests.Pools;

public sealed class ExclusiveResourceTests
{
    [Fact]
    public void A_device_belongs_to_at_most_one_volume()
    {
        var device = new ExclusiveDevice("/dev/vdc", MediaType.Ssd, 10L << 30).AllocateTo("a");

        var ex = Assert.Throws<StorageException>(() => device.AllocateTo("b"));
        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
        Assert.Contains("volume a", ex.Message, StringComparison.Ordinal);
        Assert.Same(device, device.AllocateTo("a"));
    }

    [Fact]
    public void Release_by_another_volume_changes_nothing()
    {
        var device = new ExclusiveDevice("/dev/vdc", MediaType.Ssd, 1).AllocateTo("a");

        Assert.Equal("a", device.ReleaseFrom("b").AllocatedTo);
        Assert.True(device.ReleaseFrom("a").IsFree);
    }

    [Fact]
    public void Allocation_keeps_the_concrete_type()
    {
        var mp = new MountPointPool("/mnt/open-local/disk1", MediaType.Hdd, 1, "ext4");
        Assert.IsType<MountPointPool>(mp.AllocateTo("a"));
    }

    [Theory]
    [InlineData("ext4", true)]
    [InlineData("ext3", true)]
    [InlineData("xfs", true)]
    [InlineData("ext2", false)]
    [InlineData("btrfs", false)]
    [InlineData("tmpfs", false)]
    public void Only_ext3_ext4_and_xfs_mount_points_are_eligible(string fsType, bool eligible)
    {
        Assert.Equal(eligible, new MountPointPool("/mnt/open-local/d", MediaType.Hdd, 1, fsType).IsEligible);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(2024)]
    public void Random_allocate_release_sequences_never_give_one_device_to_two_volumes(int seed)
    {
        var random = new Random(seed);
        var devices = Enumerable.Range(0, 5).Select(i => (ExclusiveResource)new ExclusiveDevice($"/dev/vd{(char)('a' + i)}", MediaType.Hdd, 1L << 30)).ToArray();
        var owners = new Dictionary<string, string>();

        for (var step = 0; step < 1000; step++)
        {
            var index = random.Next(devices.Length);
            var volume = "v" + random.Next(8);
            if (random.Next(2) == 0)
            {
                try
                {
                    devices[index] = devices[index].AllocateTo(volume);
                    Assert.True(!owners.TryGetValue(devices[index].Path, out var owner) || owner == volume);
                    owners[devices[index].Path] = volume;
                }
                catch (StorageException ex) when (ex.Kind == FailureKind.InsufficientCapacity)
                {
                    Assert.NotEqual(volume, owners[devices[index].Path]);
                }
            }
            else
            {
                devices[index] = devices[index].ReleaseFrom(volume);
                if (owners.TryGetValue(devices[index].Path, out var owner) && owner == volume)
                    owners.Remove(devices[index].Path);
            }

            foreach (var device in devices)
                Assert.Equal(owners.GetValueOrDefault(device.Path), device.AllocatedTo);
        }
    }
}
