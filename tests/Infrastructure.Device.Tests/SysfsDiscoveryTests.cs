using System.Text;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Device.Discovery;
using OpenLocal.Infrastructure.Fake.Commands;

namespace OpenLocal.Infrastructure.Device.Tests;

/// <summary>Discovery on a fabricated sysfs tree shaped like the kernel's (node-agent.md §2).</summary>
public sealed class SysfsDiscoveryTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly RecordingCommandRunner _runner = new();

    public SysfsDiscoveryTests()
    {
        Disk("sda", sectors: 20971520, rotational: "1", dev: "8:0");
        Partition("sda", "sda1", sectors: 2048000, dev: "8:1");
        Partition("sda", "sda2", sectors: 18000000, dev: "8:2", ro: "1");
        Disk("nvme0n1", sectors: 7814037168, rotational: "0", dev: "259:0");
        Partition("nvme0n1", "nvme0n1p1", sectors: 1048576, dev: "259:1");
        Disk("sdb", sectors: 4194304, rotational: "0", dev: "8:16");
        _tree.File("block/sdb/holders/dm-0", string.Empty);
        Disk("sdc", sectors: 4194304, rotational: "1", dev: "8:32", ro: "1");
        Disk("sdd", sectors: 4194304, rotational: "0", dev: "8:48");
        Disk("sde", sectors: 4194304, rotational: "0", dev: "8:64");
        Disk("sdf", sectors: 4194304, rotational: "0", dev: "8:80");
        Disk("loop7", sectors: 0, rotational: "0", dev: "7:7");
        _tree.Dir("block/sda/queue").Dir("block/sda/power"); // non-partition sub-directories
        _tree.File("mountinfo", "22 1 8:64 / /mnt/disk rw - ext4 /dev/sde rw\n");
        _runner.On(c => c.FileName == "blkid", c => Blkid(c.Arguments.Skip(3)));
    }

    // What blkid -p finds on each fabricated device; the others are blank.
    private Dictionary<string, string> OnDisk { get; } = new(StringComparer.Ordinal)
    {
        ["/dev/sda"] = "PTUUID=x\nPTTYPE=gpt",
        ["/dev/sdd"] = "UUID=abc\nTYPE=LVM2_member\nUSAGE=raid",
        ["/dev/sdf"] = "UUID=def\nTYPE=ext4\nUSAGE=filesystem",
    };

    /// <summary>blkid -p -o export as util-linux 2.38 runs it: devices in order, stopping at the first blank one.</summary>
    private CommandResult Blkid(IEnumerable<string> devices)
    {
        var output = new StringBuilder();
        foreach (var device in devices)
        {
            if (!OnDisk.TryGetValue(device, out var values))
                return new CommandResult(2, output.ToString(), string.Empty, TimeSpan.Zero);
            output.Append("DEVNAME=").Append(device).Append('\n').Append(values).Append("\n\n");
        }
        return new CommandResult(0, output.ToString(), string.Empty, TimeSpan.Zero);
    }

    private SysfsBlockDevices Devices()
    {
        var options = new DeviceOptions { SysfsRoot = _tree.Root, MountInfoPath = _tree.PathOf("mountinfo") };
        return new SysfsBlockDevices(new DeviceTools(_runner, options), options);
    }

    [Fact]
    public async Task Finds_disks_partitions_and_nvme_with_sizes_and_media_types()
    {
        var devices = await Devices().ListAsync(CancellationToken.None);

        Assert.Equal(
            ["/dev/nvme0n1", "/dev/nvme0n1p1", "/dev/sda", "/dev/sda1", "/dev/sda2", "/dev/sdb", "/dev/sdc", "/dev/sdd", "/dev/sde", "/dev/sdf"],
            devices.Select(d => d.Path));
        var nvme = devices.Single(d => d.Path == "/dev/nvme0n1");
        Assert.Equal(7814037168L * 512, nvme.SizeBytes);
        Assert.Equal(MediaType.Ssd, nvme.MediaType);
        Assert.Equal((259U, 0U), (nvme.Major, nvme.Minor));
        var nvmePart = devices.Single(d => d.Path == "/dev/nvme0n1p1");
        Assert.True(nvmePart.IsPartition);
        Assert.Equal("/dev/nvme0n1", nvmePart.Parent);
        Assert.Equal(MediaType.Ssd, nvmePart.MediaType);
        Assert.Equal(536870912, nvmePart.SizeBytes);
    }

    [Fact]
    public async Task Partitions_inherit_the_disk_media_type_and_keep_their_own_read_only_flag()
    {
        var devices = await Devices().ListAsync(CancellationToken.None);

        Assert.Equal(MediaType.Hdd, devices.Single(d => d.Path == "/dev/sda").MediaType);
        Assert.All(devices.Where(d => d.Parent == "/dev/sda"), p => Assert.Equal(MediaType.Hdd, p.MediaType));
        Assert.True(devices.Single(d => d.Path == "/dev/sda2").ReadOnly);
        Assert.False(devices.Single(d => d.Path == "/dev/sda1").ReadOnly);
        Assert.True(devices.Single(d => d.Path == "/dev/sdc").ReadOnly);
        Assert.Equal((8U, 2U), (devices.Single(d => d.Path == "/dev/sda2").Major, devices.Single(d => d.Path == "/dev/sda2").Minor));
    }

    [Fact]
    public async Task Marks_devices_in_use_by_partitions_holders_mounts_and_owning_signatures()
    {
        var devices = (await Devices().ListAsync(CancellationToken.None)).ToDictionary(d => d.Path);

        Assert.True(devices["/dev/sda"].InUse);       // has partitions (and a gpt label)
        Assert.True(devices["/dev/sdb"].InUse);       // holder dm-0
        Assert.True(devices["/dev/sdd"].InUse);       // LVM PV
        Assert.True(devices["/dev/sde"].InUse);       // mounted (matched by 8:64)
        Assert.False(devices["/dev/sdc"].InUse);      // blank
        Assert.False(devices["/dev/sdf"].InUse);      // a bare filesystem stays eligible (open-local parity)
        Assert.Equal("ext4", devices["/dev/sdf"].Signature);
        Assert.Equal("LVM2_member", devices["/dev/sdd"].Signature);
        Assert.Null(devices["/dev/sdc"].Signature);
    }

    [Fact]
    public async Task Devices_without_a_medium_are_skipped_and_blank_devices_do_not_hide_the_signatures_after_them()
    {
        var devices = (await Devices().ListAsync(CancellationToken.None)).ToDictionary(d => d.Path);

        Assert.DoesNotContain("/dev/loop7", devices.Keys);
        Assert.Equal("gpt", devices["/dev/sda"].Signature);          // after the blank nvme0n1 and nvme0n1p1
        Assert.Equal("LVM2_member", devices["/dev/sdd"].Signature);  // after the blank sdc
        Assert.Equal("ext4", devices["/dev/sdf"].Signature);         // after the blank sde
        // blkid runs from the start, then once after each blank device it stopped at; no device is probed twice.
        var probes = _runner.Calls.Where(c => c.FileName == "blkid").Select(c => c.Arguments.Skip(3).ToList()).ToList();
        Assert.All(_runner.Calls, c => Assert.Equal(["-p", "-o", "export"], c.Arguments.Take(3)));
        Assert.Equal(10, probes[0].Count);
        Assert.Equal(["/dev/nvme0n1p1", "/dev/nvme0n1", "/dev/sda1", "/dev/sda2", "/dev/sdb", "/dev/sdc", "/dev/sde"],
            probes.Take(probes.Count - 1).Select(p => p.First(d => !OnDisk.ContainsKey(d))));
        Assert.DoesNotContain("/dev/loop7", probes.SelectMany(p => p));
    }

    [Fact]
    public async Task A_device_blkid_complains_about_is_listed_with_wipefs_instead_of_taken_for_blank()
    {
        _runner.On(c => c.FileName == "blkid" && c.Arguments[3] == "/dev/sdc",
            _ => new CommandResult(2, string.Empty, "blkid: /dev/sdc: ambivalent result (probably more filesystems on the device, use wipefs(8) to see more details)", TimeSpan.Zero));
        _runner.On("wipefs", ["--json", "/dev/sdc"], stdout:
            "{\"signatures\": [{\"device\":\"sdc\", \"offset\":\"0x438\", \"type\":\"ext4\"}, {\"device\":\"sdc\", \"offset\":\"0x0\", \"type\":\"xfs\"}]}");

        var devices = (await Devices().ListAsync(CancellationToken.None)).ToDictionary(d => d.Path);

        Assert.Equal("ext4", devices["/dev/sdc"].Signature);
        Assert.Equal("LVM2_member", devices["/dev/sdd"].Signature);
        Assert.Equal(["wipefs --json /dev/sdc"], _runner.CallTexts.Where(c => c.StartsWith("wipefs", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_device_nothing_can_probe_does_not_stop_discovery_of_the_others()
    {
        _runner.On(c => c.FileName == "blkid" && c.Arguments[3] == "/dev/sdc",
            _ => new CommandResult(2, string.Empty, "blkid: error: /dev/sdc: Operation not permitted", TimeSpan.Zero));
        _runner.On("wipefs", ["--json", "/dev/sdc"], exitCode: 1, stderr: "wipefs: error: /dev/sdc: probing initialization failed: Operation not permitted");

        var devices = (await Devices().ListAsync(CancellationToken.None)).ToDictionary(d => d.Path);

        Assert.Null(devices["/dev/sdc"].Signature);
        Assert.Equal("LVM2_member", devices["/dev/sdd"].Signature);
        Assert.Equal("ext4", devices["/dev/sdf"].Signature);
    }

    [Fact]
    public async Task A_missing_sysfs_block_directory_means_no_devices()
    {
        var options = new DeviceOptions { SysfsRoot = _tree.PathOf("nothing") };

        Assert.Empty(await new SysfsBlockDevices(new DeviceTools(_runner, options), options).ListAsync(CancellationToken.None));
    }

    // Found by the sysfs fuzz target (issue 19): a sector count above 2^54 wrapped to a negative size.
    [Fact]
    public async Task A_size_beyond_64_bits_counts_as_no_medium_not_as_a_negative_size()
    {
        Disk("sdz", sectors: (long.MaxValue / 512) + 1, rotational: "0", dev: "65:144");
        Partition("sdf", "sdf1", sectors: long.MaxValue, dev: "8:81");

        var devices = (await Devices().ListAsync(CancellationToken.None)).ToDictionary(d => d.Path);

        Assert.DoesNotContain("/dev/sdz", devices.Keys);
        Assert.Equal(0, devices["/dev/sdf1"].SizeBytes);
        Assert.All(devices.Values, d => Assert.True(d.SizeBytes >= 0, d.Path));
    }

    private void Disk(string name, long sectors, string rotational, string dev, string ro = "0")
    {
        _tree.File($"block/{name}/size", $"{sectors}\n")
            .File($"block/{name}/ro", ro + "\n")
            .File($"block/{name}/dev", dev + "\n")
            .File($"block/{name}/queue/rotational", rotational + "\n")
            .Dir($"block/{name}/holders");
    }

    private void Partition(string disk, string name, long sectors, string dev, string ro = "0")
    {
        _tree.File($"block/{disk}/{name}/size", $"{sectors}\n")
            .File($"block/{disk}/{name}/ro", ro + "\n")
            .File($"block/{disk}/{name}/dev", dev + "\n")
            .File($"block/{disk}/{name}/partition", "1\n")
            .Dir($"block/{disk}/{name}/holders");
    }

    public void Dispose() => _tree.Dispose();
}
