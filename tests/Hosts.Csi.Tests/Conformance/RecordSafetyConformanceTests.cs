using System.Text;
using Csi.V1;
using Grpc.Core;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>Issue 19 items 3 and 4 over the wire: over-long ids and damaged record files never give INTERNAL.</summary>
public sealed class RecordSafetyConformanceTests : PluginTest
{
    private static readonly string LongId = new('v', 200);

    [Fact]
    public async Task An_id_beyond_128_bytes_is_OK_to_delete_and_InvalidArgument_or_NotFound_elsewhere()
    {
        await Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = LongId });
        await Plugin.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = LongId });
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateVolumeAsync(CreateLvm(LongId)));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.ControllerGetVolumeAsync(new ControllerGetVolumeRequest { VolumeId = LongId }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.ValidateVolumeCapabilitiesAsync(
            new ValidateVolumeCapabilitiesRequest { VolumeId = LongId, VolumeCapabilities = { MountCapability() } }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.ControllerExpandVolumeAsync(
            new ControllerExpandVolumeRequest { VolumeId = LongId, CapacityRange = new CapacityRange { RequiredBytes = 2 * GiB } }));

        // Whatever the rest answers (other use cases own their rules), it is never INTERNAL.
        var target = Path.Combine(Plugin.Root, "kubelet", "pods", "p", "volumes", "v");
        var answers = new List<StatusCode>
        {
            await StatusOf(() => Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "s", SourceVolumeId = LongId })),
            await StatusOf(() => Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = LongId, SourceVolumeId = "v" })),
            await StatusOf(() => Plugin.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = LongId })),
            await StatusOf(() => Plugin.Node.NodePublishVolumeAsync(Publish(LongId, target, new Dictionary<string, string>()))),
            await StatusOf(() => Plugin.Node.NodeUnpublishVolumeAsync(new NodeUnpublishVolumeRequest { VolumeId = LongId, TargetPath = target })),
            await StatusOf(() => Plugin.Node.NodeGetVolumeStatsAsync(new NodeGetVolumeStatsRequest { VolumeId = LongId, VolumePath = target })),
            await StatusOf(() => Plugin.Node.NodeExpandVolumeAsync(new NodeExpandVolumeRequest { VolumeId = LongId, VolumePath = target })),
        };
        Assert.DoesNotContain(StatusCode.Internal, answers);
        Assert.DoesNotContain(StatusCode.Unknown, answers);
    }

    [Fact]
    public async Task A_truncated_record_leaves_the_rest_working_and_its_id_is_refused_naming_the_file()
    {
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("kept", GiB));
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("damaged", GiB));
        var file = Path.Combine(Plugin.StateDir, "volumes", Convert.ToBase64String(Encoding.UTF8.GetBytes("damaged")).TrimEnd('=') + ".json");
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 3)]);

        var listed = await Plugin.Controller.ListVolumesAsync(new ListVolumesRequest());
        var capacity = await Plugin.Controller.GetCapacityAsync(new GetCapacityRequest { Parameters = { ["volumeType"] = "LVM" } });
        var other = await Plugin.Controller.CreateVolumeAsync(CreateLvm("new-one", GiB));
        var again = await AssertStatus(StatusCode.FailedPrecondition, () => Plugin.Controller.CreateVolumeAsync(CreateLvm("damaged", GiB)));
        var delete = await AssertStatus(StatusCode.FailedPrecondition, () => Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "damaged" }));

        Assert.Equal(["kept"], listed.Entries.Select(e => e.Volume.VolumeId));
        Assert.True(capacity.AvailableCapacity > 0);
        Assert.Equal("new-one", other.Volume.VolumeId);
        var aside = Assert.Single(Directory.EnumerateFiles(Path.GetDirectoryName(file)!, "*.damaged-*"));
        Assert.Contains(aside, again.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(aside, delete.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<StatusCode> StatusOf<T>(Func<AsyncUnaryCall<T>> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}

/// <summary>Issue 19 item 7 over the wire (ADR 0050): real capacities everywhere, filesystem parameters validated.</summary>
public sealed class VolumeShapeConformanceTests : PluginTest
{
    [Theory]
    [InlineData("Device", 50L << 30)]
    [InlineData("MountPoint", 20L << 30)]
    public async Task Device_and_MountPoint_volumes_report_their_real_capacity_from_every_RPC(string type, long real)
    {
        var request = CreateLvm("whole-" + type.ToLowerInvariant(), 10 * GiB);
        request.Parameters["volumeType"] = type;

        var created = await Plugin.Controller.CreateVolumeAsync(request);
        var listed = await Plugin.Controller.ListVolumesAsync(new ListVolumesRequest());
        var got = await Plugin.Controller.ControllerGetVolumeAsync(new ControllerGetVolumeRequest { VolumeId = created.Volume.VolumeId });

        Assert.Equal(real, created.Volume.CapacityBytes);
        Assert.Equal(real, Assert.Single(listed.Entries).Volume.CapacityBytes);
        Assert.Equal(real, got.Volume.CapacityBytes);
    }

    [Theory]
    [InlineData("csi.storage.k8s.io/fstype", "xfs;rm -rf /")]
    [InlineData("fsType", "ntfs")]
    public async Task A_filesystem_parameter_we_do_not_support_is_InvalidArgument_and_nothing_is_stored(string key, string value)
    {
        var request = CreateLvm("bad-fs");
        request.Parameters[key] = value;

        var error = await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateVolumeAsync(request));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateVolumeAsync(CreateLvm("bad-cap", GiB, MountCapability(value))));

        Assert.Contains(key, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await Plugin.Controller.ListVolumesAsync(new ListVolumesRequest())).Entries);
    }
}
