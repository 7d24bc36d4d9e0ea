using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Throttling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.FileStore;

namespace OpenLocal.Infrastructure.FileStore.Tests;

public sealed class FileStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("olcsi-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_volume_record_reads_back_identically_from_a_new_store_instance()
    {
        var volume = new LocalVolume("sanity-vol/with odd:chars ü", "node-1", VolumeType.LVM, "pool", 1L << 30)
        {
            AccessType = AccessType.Block,
            FsType = "xfs",
            Source = new VolumeSource("snap-1", RestoreMode.Copy),
            Claim = new ClaimRef("default", "pvc"),
            Throttle = IoThrottle.Symmetric(1024, 10),
            Context = new Dictionary<string, string> { ["volumeType"] = "LVM" },
            CreatedAt = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture),
        }.MarkReady(1L << 30, "/dev/pool/x").RequestExpansion(2L << 30);
        await new FileVolumeStore(new FileStoreOptions(_dir)).CreateAsync(volume, CancellationToken.None);

        var read = await new FileVolumeStore(new FileStoreOptions(_dir)).FindAsync(volume.Id, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(volume.Id, read.Id);
        Assert.Equal(2L << 30, read.SizeBytes);
        Assert.Equal(VolumePhase.Ready, read.Phase);
        Assert.Equal("/dev/pool/x", read.DevicePath);
        Assert.Equal(volume.Source, read.Source);
        Assert.Equal(volume.Throttle, read.Throttle);
        Assert.Equal(volume.Claim, read.Claim);
        Assert.Equal("LVM", read.Context["volumeType"]);
        Assert.Equal(volume.CreatedAt, read.CreatedAt);
    }

    [Fact]
    public async Task Create_refuses_duplicates_update_needs_a_record_deletion_is_requested_then_released()
    {
        var store = new FileVolumeStore(new FileStoreOptions(_dir));
        var volume = new LocalVolume("v", "node-1", VolumeType.Device, "/dev/vdc", 1024);

        await store.CreateAsync(volume, CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<StorageException>(() => store.CreateAsync(volume, CancellationToken.None));
        await store.RequestDeletionAsync("v", CancellationToken.None);
        Assert.Equal(VolumePhase.Deleting, (await store.FindAsync("v", CancellationToken.None))!.Phase);
        await store.ReleaseAsync("v", CancellationToken.None);
        await store.ReleaseAsync("v", CancellationToken.None);
        await store.RequestDeletionAsync("v", CancellationToken.None);
        var missing = await Assert.ThrowsAsync<StorageException>(() => store.UpdateAsync(volume, CancellationToken.None));

        Assert.Equal(FailureKind.AlreadyExists, duplicate.Kind);
        Assert.Equal(FailureKind.NotFound, missing.Kind);
        Assert.Empty(await store.ListAsync(CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir, "volumes")));
    }

    [Fact]
    public async Task Lists_are_sorted_by_id_and_snapshots_keep_their_state()
    {
        var store = new FileSnapshotStore(new FileStoreOptions(_dir));
        await store.CreateAsync(new Snapshot("s-b", "v", "node-1", "pool", 4096), CancellationToken.None);
        var ready = new Snapshot("s-a", "v", "node-1", "pool", 4096) { ReadOnly = true }
            .MarkReady(8192, DateTimeOffset.UnixEpoch.AddDays(1)).ReportUsage(8192, 42);
        await store.CreateAsync(ready, CancellationToken.None);

        var all = await new FileSnapshotStore(new FileStoreOptions(_dir)).ListAsync(CancellationToken.None);

        Assert.Equal(["s-a", "s-b"], all.Select(s => s.Id));
        Assert.Equal(ready, all[0]);
        Assert.Equal(VolumePhase.Pending, all[1].Phase);
    }
}
