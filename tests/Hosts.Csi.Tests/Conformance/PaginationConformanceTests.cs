using Csi.V1;
using Grpc.Core;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>csi.md §5.6 and §8: sorted by id, the token is the index of the next entry, a bad token is Aborted.</summary>
public sealed class PaginationConformanceTests : PluginTest
{
    [Fact]
    public async Task ListVolumes_pages_through_every_volume_once()
    {
        foreach (var name in new[] { "vol-c", "vol-a", "vol-b" })
            await Plugin.Controller.CreateVolumeAsync(CreateLvm(name, GiB));

        var first = await Plugin.Controller.ListVolumesAsync(new ListVolumesRequest { MaxEntries = 2 });
        Assert.Equal(["vol-a", "vol-b"], first.Entries.Select(e => e.Volume.VolumeId));
        Assert.False(string.IsNullOrEmpty(first.NextToken));

        var second = await Plugin.Controller.ListVolumesAsync(new ListVolumesRequest { MaxEntries = 2, StartingToken = first.NextToken });
        Assert.Equal(["vol-c"], second.Entries.Select(e => e.Volume.VolumeId));
        Assert.True(string.IsNullOrEmpty(second.NextToken));

        var all = await Plugin.Controller.ListVolumesAsync(new ListVolumesRequest());
        Assert.Equal(3, all.Entries.Count);
        Assert.All(all.Entries, e => Assert.False(e.Status.VolumeCondition.Abnormal));
    }

    [Fact]
    public async Task ListVolumes_with_an_invalid_token_is_Aborted()
    {
        await AssertStatus(StatusCode.Aborted, () => Plugin.Controller.ListVolumesAsync(new ListVolumesRequest { StartingToken = "not-a-token" }));
    }

    [Fact]
    public async Task ListSnapshots_pages_and_rejects_an_invalid_token()
    {
        await Plugin.Controller.CreateVolumeAsync(CreateLvm("src", GiB));
        foreach (var name in new[] { "snap-2", "snap-1", "snap-3" })
            await Plugin.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = name, SourceVolumeId = "src" });

        var first = await Plugin.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { MaxEntries = 2 });
        Assert.Equal(["snap-1", "snap-2"], first.Entries.Select(e => e.Snapshot.SnapshotId));
        var second = await Plugin.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { MaxEntries = 2, StartingToken = first.NextToken });
        Assert.Equal(["snap-3"], second.Entries.Select(e => e.Snapshot.SnapshotId));
        Assert.True(string.IsNullOrEmpty(second.NextToken));

        await AssertStatus(StatusCode.Aborted, () => Plugin.Controller.ListSnapshotsAsync(new ListSnapshotsRequest { StartingToken = "-1" }));
    }
}
