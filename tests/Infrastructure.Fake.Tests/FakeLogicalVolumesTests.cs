using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Infrastructure.Fake.Tests;

public sealed class FakeLogicalVolumesTests
{
    private const long GiB = 1L << 30;
    private readonly FakeMachine _machine = new(FakeBackendOptions.Default);
    private readonly FakeLogicalVolumes _lvs;

    public FakeLogicalVolumesTests() => _lvs = new FakeLogicalVolumes(_machine);

    private static LogicalVolumeSpec Spec(string name, long bytes) => new("open-local-pool-0", name, bytes, LvmLayout.Linear, ["openlocal.volume-id=" + name]);

    [Fact]
    public async Task Create_rounds_up_to_the_extent_and_reports_lvm_attributes()
    {
        var lv = await _lvs.CreateAsync(Spec("a", 1), default);

        Assert.Equal(4L << 20, lv.SizeBytes);
        Assert.Equal("-wi-a-----", lv.Attributes);
        Assert.True(lv.IsActive);
        Assert.Equal("/dev/open-local-pool-0/a", lv.DevicePath);
        Assert.Equal(lv, await _lvs.FindAsync("open-local-pool-0", "a", default));
    }

    [Fact]
    public async Task The_vg_free_space_is_enforced_and_duplicates_are_refused()
    {
        await _lvs.CreateAsync(Spec("a", 60 * GiB), default);

        Assert.Equal(FailureKind.InsufficientCapacity, (await Assert.ThrowsAsync<StorageException>(() => _lvs.CreateAsync(Spec("b", 41 * GiB), default))).Kind);
        Assert.Equal(FailureKind.AlreadyExists, (await Assert.ThrowsAsync<StorageException>(() => _lvs.CreateAsync(Spec("a", GiB), default))).Kind);
        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => _lvs.CreateAsync(Spec("a", GiB) with { VolumeGroup = "nope" }, default))).Kind);
    }

    [Fact]
    public async Task Extend_grows_never_shrinks_and_is_refused_for_origins_of_snapshots()
    {
        await _lvs.CreateAsync(Spec("a", GiB), default);

        Assert.Equal(GiB, (await _lvs.ExtendAsync("open-local-pool-0", "a", 1, default)).SizeBytes);
        Assert.Equal(2 * GiB, (await _lvs.ExtendAsync("open-local-pool-0", "a", 2 * GiB, default)).SizeBytes);

        var snapshot = await _lvs.CreateSnapshotAsync("open-local-pool-0", "a", "snap", GiB, [], default);
        Assert.True(snapshot.IsSnapshot);
        Assert.Equal("a", snapshot.Origin);
        Assert.StartsWith("o", (await _lvs.FindAsync("open-local-pool-0", "a", default))!.Attributes, StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<StorageException>(() => _lvs.ExtendAsync("open-local-pool-0", "a", 3 * GiB, default));
        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
    }

    [Fact]
    public async Task Remove_is_idempotent_refused_while_snapshots_exist_and_never_removes_protected_lvs()
    {
        await _lvs.CreateAsync(Spec("a", GiB), default);
        await _lvs.CreateSnapshotAsync("open-local-pool-0", "a", "snap", GiB, [], default);

        Assert.Equal(FailureKind.FailedPrecondition, (await Assert.ThrowsAsync<StorageException>(() => _lvs.RemoveIfExistsAsync("open-local-pool-0", "a", default))).Kind);
        await _lvs.RemoveIfExistsAsync("open-local-pool-0", "snap", default);
        await _lvs.RemoveIfExistsAsync("open-local-pool-0", "a", default);
        await _lvs.RemoveIfExistsAsync("open-local-pool-0", "a", default);
        await _lvs.RemoveIfExistsAsync("no-such-vg", "a", default);
        Assert.Empty(_machine.LogicalVolumesOf("open-local-pool-0"));

        _machine.AddForeignLogicalVolume("open-local-pool-0", "keep", GiB, "protected");
        Assert.Equal(FailureKind.FailedPrecondition, (await Assert.ThrowsAsync<StorageException>(() => _lvs.RemoveIfExistsAsync("open-local-pool-0", "keep", default))).Kind);
    }

    [Fact]
    public async Task A_snapshot_shows_the_origin_data_as_of_its_creation()
    {
        await _lvs.CreateAsync(Spec("a", GiB), default);
        _machine.SetSignature("/dev/open-local-pool-0/a", "ext4");
        var filesystems = new FakeFilesystems(_machine);

        await _lvs.CreateSnapshotAsync("open-local-pool-0", "a", "snap", GiB, [], default);

        Assert.Equal("ext4", await filesystems.ProbeAsync("/dev/open-local-pool-0/snap", default));
    }

    [Fact]
    public async Task Concurrent_creates_never_exceed_the_vg()
    {
        var attempts = Enumerable.Range(0, 150).Select(i => Task.Run(async () =>
        {
            try
            {
                await _lvs.CreateAsync(Spec($"v{i}", GiB), default);
                return true;
            }
            catch (StorageException)
            {
                return false;
            }
        }));

        var results = await Task.WhenAll(attempts);

        Assert.Equal(100, results.Count(r => r));
        Assert.Equal(100 * GiB, _machine.LogicalVolumesOf("open-local-pool-0").Sum(lv => lv.SizeBytes));
    }
}
