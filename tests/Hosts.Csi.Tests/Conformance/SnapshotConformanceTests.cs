using Csi.V1;
using Grpc.Core;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>csi.md §8: create, list, restore, delete, with the idempotency and error rules.</summary>
public sealed class SnapshotConformanceTests : PluginTest
{
    [Fact]
    public async Task CreateSnapshot_without_name_or_source_is_InvalidArgument()
    {
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { SourceVolumeId = "v" }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "s" }));
        await AssertStatus(StatusCode.InvalidArgument, () => Plugin.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest()));
    }

    [Fact]
    public async Task CreateSnapshot_of_an_unknown_volume_is_NotFound()
    {
        await AssertStatus(StatusCode.NotFound, () => Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "s", SourceVolumeId = "missing" }));
    }

    [Fact]
    public async Task Snapshot_lifecycle_create_repeat_list_restore_delete()
    {
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("origin", 2 * GiB));
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("other", GiB));

        var created = await Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "snap-a", SourceVolumeId = "origin" });
        Assert.Equal("snap-a", created.Snapshot.SnapshotId);
        Assert.Equal("origin", created.Snapshot.SourceVolumeId);
        Assert.True(created.Snapshot.ReadyToUse);
        Assert.True(created.Snapshot.SizeBytes > 0);
        Assert.NotNull(created.Snapshot.CreationTime);

        var repeated = await Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "snap-a", SourceVolumeId = "origin" });
        Assert.Equal(created.Snapshot, repeated.Snapshot);
        await AssertStatus(StatusCode.AlreadyExists, () => Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "snap-a", SourceVolumeId = "other" }));

        var byId = await Plugin.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = "snap-a" });
        Assert.Equal("snap-a", Assert.Single(byId.Entries).Snapshot.SnapshotId);
        var bySource = await Plugin.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SourceVolumeId = "origin" });
        Assert.Single(bySource.Entries);
        var unknown = await Plugin.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = "nope" });
        Assert.Empty(unknown.Entries);

        // The source cannot go while it has snapshots (CSI "volume in use").
        await AssertStatus(StatusCode.FailedPrecondition, () => Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "origin" }));

        var restore = CreateLvm("restored", 2 * GiB);
        restore.VolumeContentSource = new VolumeContentSource { Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = "snap-a" } };
        var restored = await Plugin.Controller.CreateVolumeAsync(restore);
        Assert.Equal("snap-a", restored.Volume.ContentSource.Snapshot.SnapshotId);
        Assert.Equal("snap-a", restored.Volume.VolumeContext["csi.aliyun.com/snapshot-id"]);

        await Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "restored" });
        await Plugin.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = "snap-a" });
        await Plugin.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = "snap-a" });
        await Plugin.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "origin" });
        var left = await Plugin.Controller.ListSnapshotsAsync(new ListSnapshotsRequest());
        Assert.Empty(left.Entries);
    }

    [Fact]
    public async Task Restoring_an_unknown_snapshot_is_NotFound()
    {
        var restore = CreateLvm("restored", GiB);
        restore.VolumeContentSource = new VolumeContentSource { Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = "missing" } };

        await AssertStatus(StatusCode.NotFound, () => Plugin.Controller.CreateVolumeAsync(restore));
    }
}
