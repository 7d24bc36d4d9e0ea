using OpenLocal.Application.Capacity.GetCapacity;
using OpenLocal.Application.Pipeline;
using OpenLocal.Application.Provisioning;
using OpenLocal.Application.Volumes;
using OpenLocal.Application.Volumes.GetVolume;
using OpenLocal.Domain.Volumes;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Volumes;

/// <summary>Issue 19 items 3 and 7: volumeType and filesystem parameters, id lengths — one rule each, the same in every use case (ADR 0050).</summary>
public sealed class StorageClassRulesTests
{
    [Theory]
    [InlineData("csi.storage.k8s.io/fstype", "xfs;rm -rf /")]
    [InlineData("fsType", "btrfs")]
    [InlineData("fsType", "XFS")]
    public async Task A_filesystem_parameter_outside_ext2_ext3_ext4_xfs_is_InvalidArgument_naming_the_key(string key, string value)
    {
        using var node = FakeNode.Start();

        var create = await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(Create("v", GiB, Lvm((key, value)))).AsTask());
        var capacity = await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(new GetCapacityQuery(Lvm((key, value)), null)).AsTask());

        Assert.Contains(create.Errors, e => e.Field == $"Parameters[{key}]" && e.Message.Contains(value, StringComparison.Ordinal));
        Assert.Contains(capacity.Errors, e => e.Field == $"Parameters[{key}]");
        Assert.Empty(node.Machine.LogicalVolumesOf("open-local-pool-0"));
    }

    [Theory]
    [InlineData("xfs")]
    [InlineData("ext4")]
    [InlineData("")]
    public async Task A_supported_or_empty_filesystem_parameter_is_accepted(string value)
    {
        using var node = FakeNode.Start();

        var result = await node.Mediator.Send(Create("v", GiB, Lvm(("csi.storage.k8s.io/fstype", value), ("fsType", value))));

        Assert.Equal("v", result.Volume.Id);
    }

    [Fact]
    public async Task A_capability_filesystem_outside_the_list_is_InvalidArgument()
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<RequestValidationException>(() =>
            node.Mediator.Send(Create("v", GiB, capability: VolumeCapability.Mount("xfs;rm -rf /"))).AsTask());

        Assert.Contains(ex.Errors, e => e.Message.Contains("xfs;rm -rf /", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_volumeType_is_a_missing_one_in_CreateVolume_and_GetCapacity()
    {
        using var required = FakeNode.Start();
        using var defaulted = FakeNode.Start(placement: new PlacementOptions { DefaultVolumeType = VolumeType.LVM });
        var empty = With("");
        var missing = new Dictionary<string, string>();

        foreach (var parameters in new[] { empty, missing })
        {
            var create = await Assert.ThrowsAsync<RequestValidationException>(() => required.Mediator.Send(Create("v", GiB, parameters)).AsTask());
            var capacity = await Assert.ThrowsAsync<RequestValidationException>(() => required.Mediator.Send(new GetCapacityQuery(parameters, null)).AsTask());
            Assert.Contains(create.Errors, e => e.Field == "Parameters[volumeType]" && e.Message.Contains("required", StringComparison.Ordinal));
            Assert.Contains(capacity.Errors, e => e.Field == "Parameters[volumeType]" && e.Message.Contains("required", StringComparison.Ordinal));
        }
        Assert.Equal(VolumeType.LVM, (await defaulted.Mediator.Send(Create("v-empty", GiB, empty))).Volume.Type);
        Assert.Equal(VolumeType.LVM, (await defaulted.Mediator.Send(Create("v-missing", GiB, missing))).Volume.Type);
        await Assert.ThrowsAsync<RequestValidationException>(() => defaulted.Mediator.Send(new GetCapacityQuery(With("lvm"), null)).AsTask());
    }

    [Theory]
    [InlineData("LVM", VolumeType.LVM)]
    [InlineData("Device", VolumeType.Device)]
    [InlineData("MountPoint", VolumeType.MountPoint)]
    [InlineData("lvm", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("Quota", null)]
    public void VolumeType_is_parsed_case_sensitively(string? text, VolumeType? expected) =>
        Assert.Equal(expected, StorageClassParameters.ParseVolumeType(text));

    [Fact]
    public async Task An_id_beyond_128_bytes_is_InvalidArgument_where_the_volume_is_needed()
    {
        using var node = FakeNode.Start();
        var longId = new string('v', 129);

        var create = await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(Create(longId, GiB)).AsTask());
        var get = await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(new GetVolumeQuery(longId)).AsTask());
        await node.Mediator.Send(new Application.Volumes.DeleteVolume.DeleteVolumeCommand(longId));

        Assert.Contains(create.Errors, e => e.Message.Contains("128 bytes", StringComparison.Ordinal));
        Assert.Contains(get.Errors, e => e.Message.Contains("128 bytes", StringComparison.Ordinal));
        Assert.Equal(128, Domain.Volumes.LocalVolume.MaxIdBytes);
    }
}
