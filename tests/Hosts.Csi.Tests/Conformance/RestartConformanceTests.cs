using Csi.V1;
using static OpenLocal.Hosts.Csi.Tests.Conformance.Requests;

namespace OpenLocal.Hosts.Csi.Tests.Conformance;

/// <summary>Volume records live in --state-dir (ADR 0012): a restarted plugin still knows its volumes.</summary>
public sealed class RestartConformanceTests
{
    [Fact]
    public async Task Volumes_and_snapshots_survive_a_restart_and_stay_deletable()
    {
        var root = Directory.CreateTempSubdirectory("olcsi-restart-").FullName;
        try
        {
            await using (var before = await RunningPlugin.StartAsync(root, ownsDirectory: false))
            {
                await before.Controller.CreateVolumeAsync(CreateLvm("keep-1", GiB));
                await before.Controller.CreateVolumeAsync(CreateLvm("keep-2", 2 * GiB));
                await before.Controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = "keep-snap", SourceVolumeId = "keep-1" });
            }
            Assert.False(File.Exists(Path.Combine(root, "csi.sock")), "the socket is removed at shutdown");
            // A stale socket file (e.g. after a crash) must not stop the next start.
            Server.StaleSocket.Create(Path.Combine(root, "csi.sock"));

            await using var after = await RunningPlugin.StartAsync(root, ownsDirectory: false);
            var volumes = await after.Controller.ListVolumesAsync(new ListVolumesRequest());
            Assert.Equal(["keep-1", "keep-2"], volumes.Entries.Select(e => e.Volume.VolumeId));
            Assert.True(volumes.Entries[1].Volume.CapacityBytes >= 2 * GiB);
            var snapshots = await after.Controller.ListSnapshotsAsync(new ListSnapshotsRequest());
            Assert.Equal("keep-snap", Assert.Single(snapshots.Entries).Snapshot.SnapshotId);

            await after.Controller.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = "keep-snap" });
            await after.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "keep-1" });
            await after.Controller.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = "keep-2" });
            Assert.Empty((await after.Controller.ListVolumesAsync(new ListVolumesRequest())).Entries);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
