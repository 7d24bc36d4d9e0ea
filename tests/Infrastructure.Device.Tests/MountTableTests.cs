using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Device.Mounts;

namespace OpenLocal.Infrastructure.Device.Tests;

public sealed class MountTableTests
{
    private const string Sample =
        "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,errors=remount-ro\n" +
        "30 22 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n" +
        "40 22 7:3 / /mnt/open-local/disk\\0401 rw,relatime shared:20 master:3 - xfs /dev/loop3 rw,attr2,inode64\n" +
        "41 22 254:0 /var/data/sub /mnt/open-local/bound rw,relatime - ext4 /dev/vda rw,errors=remount-ro\n" +
        "42 40 7:4 / /mnt/open-local/disk\\0401/nested rw - ext4 /dev/loop4 rw\n" +
        "43 22 7:5 / /mnt/open-local/bound rw,noatime - ext4 /dev/loop5 rw,relatime\n" +
        "44 22 0:5 /loop6 /var/lib/kubelet/plugins/publish/pv1/uid ro,nosuid - devtmpfs udev rw,size=4k\n";

    [Fact]
    public void Parses_fields_and_unescapes_octal_sequences()
    {
        var entries = MountTable.Parse(Sample);

        Assert.Equal(7, entries.Count);
        var disk = entries[2];
        Assert.Equal("/mnt/open-local/disk 1", disk.Target);
        Assert.Equal(new DeviceNumber(7, 3), disk.Device);
        Assert.Equal("xfs", disk.FsType);
        Assert.Equal("/dev/loop3", disk.Source);
        Assert.Equal(["rw", "relatime", "attr2", "inode64"], disk.ToMountInfo().Options);
        Assert.False(disk.ToMountInfo().IsBind);
    }

    [Fact]
    public void A_mount_of_a_sub_tree_is_a_bind()
    {
        var bind = MountTable.Parse(Sample)[3].ToMountInfo();

        Assert.True(bind.IsBind);
        Assert.Equal("/var/data/sub", bind.Root);
    }

    [Theory]
    [InlineData(@"a\040b", "a b")]
    [InlineData(@"tab\011x", "tab\tx")]
    [InlineData(@"nl\012", "nl\n")]
    [InlineData(@"back\134slash", @"back\slash")]
    [InlineData(@"plain\x", @"plain\x")]
    public void Unescapes_what_the_kernel_escapes(string field, string expected) =>
        Assert.Equal(expected, MountTable.Unescape(field));

    [Fact]
    public async Task Finds_the_topmost_mount_and_lists_direct_children_only()
    {
        using var tree = new TempTree().File("mountinfo", Sample);
        var mounts = new LinuxMounts(new DeviceTools(new Fake.Commands.RecordingCommandRunner(), new DeviceOptions()), new DeviceOptions { MountInfoPath = tree.PathOf("mountinfo") });

        var bound = await mounts.FindAsync("/mnt/open-local/bound/", CancellationToken.None);
        var children = await mounts.ListUnderAsync("/mnt/open-local", CancellationToken.None);

        Assert.Equal("/dev/loop5", bound!.Source);
        Assert.Equal(["/mnt/open-local/bound", "/mnt/open-local/disk 1"], children.Select(m => m.Target));
        Assert.Equal("/dev/loop5", children[0].Source);
        Assert.Null(await mounts.FindAsync("/mnt/open-local", CancellationToken.None));
    }

    // Found by the mountinfo fuzz target (issue 19): these threw FormatException, OverflowException or
    // ArgumentOutOfRangeException instead of the documented StorageException naming the line.
    [Theory]
    [InlineData("x 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw")]
    [InlineData("22 1x 8:1 / / rw shared:1 - ext4 /dev/sda1 rw")]
    [InlineData("99999999999 1 8:1 / / rw - ext4 /dev/sda1 rw x")]
    [InlineData("-22 1 8:1 / / rw - ext4 /dev/sda1 rw x")]
    [InlineData("22 1 8:1 /")]
    [InlineData("2")]
    [InlineData("22 1 2w:7 / / rw shared:1 - ext4 /dev/sda1 rw")]
    public void A_malformed_line_is_refused_with_a_storage_exception_naming_it(string line)
    {
        var ex = Assert.Throws<StorageException>(() => MountTable.Parse(line + "\n"));

        Assert.Equal(FailureKind.Internal, ex.Kind);
        Assert.Contains(line.Split(' ')[0], ex.Message, StringComparison.Ordinal);
    }
}
