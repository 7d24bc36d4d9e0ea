using OpenLocal.Application.Ports;
using OpenLocal.Application.Snapshots.CreateSnapshot;
using OpenLocal.Application.Snapshots.DeleteSnapshot;
using OpenLocal.Application.Snapshots.ListSnapshots;
using OpenLocal.Application.Volumes.DeleteVolume;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Snapshots;
using OpenLocal.Domain.Volumes;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Snapshots;

/// <summary>Snapshots and restores (csi.md §8) on the fake backend.</summary>
public sealed class SnapshotTests
{
    private static readonly Dictionary<string, string> Defaults = [];
    private static readonly Dictionary<string, string> ReadOnlyClass = new() { ["csi.aliyun.com/readonly"] = "true" };

    [Fact]
    public async Task A_snapshot_is_a_cow_lv_capped_at_the_source_size_with_the_class_expansion_policy()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 2 * GiB));
        var parameters = new Dictionary<string, string>
        {
            ["csi.aliyun.com/snapshot-expansion-threshold"] = "70%",
            ["csi.aliyun.com/snapshot-expansion-size"] = "2Gi",
        };

        var snapshot = await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", parameters, false));

        Assert.Equal(VolumePhase.Ready, snapshot.Phase);
        Assert.Equal(2 * GiB, snapshot.RestoreSizeBytes);
        Assert.Equal(70, snapshot.Expansion.ThresholdPercent);
        Assert.Equal(2 * GiB, snapshot.Expansion.StepBytes);
        var lv = Assert.Single(node.Machine.LogicalVolumesOf("open-local-pool-0"), lv => lv.Name == "snap-1");
        Assert.Equal("local-1", lv.Origin);
        Assert.True(lv.IsSnapshot);
    }

    [Fact]
    public async Task The_default_initial_size_is_4Gi_and_the_same_request_twice_is_one_snapshot()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 20 * GiB));

        var first = await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", Defaults, false));
        var second = await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", Defaults, false));

        Assert.Equal(4 * GiB, first.InitialSizeBytes);
        Assert.Equal(first, second);
        Assert.Equal(2, node.Machine.LogicalVolumesOf("open-local-pool-0").Count);
    }

    [Fact]
    public async Task Snapshot_failures_are_typed()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 60 * GiB));
        await node.Mediator.Send(Create("local-2", GiB));
        await node.Mediator.Send(Create("dev-1", GiB, With("Device")));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-2", Defaults, false));

        async Task<FailureKind> KindOf(CreateSnapshotCommand command) =>
            (await Assert.ThrowsAnyAsync<StorageException>(() => node.Mediator.Send(command).AsTask())).Kind;

        Assert.Equal(FailureKind.NotFound, await KindOf(new("snap-x", "nope", Defaults, false)));
        Assert.Equal(FailureKind.Unimplemented, await KindOf(new("snap-x", "local-1", Defaults, true)));
        Assert.Equal(FailureKind.InvalidArgument, await KindOf(new("snap-x", "dev-1", Defaults, false)));
        Assert.Equal(FailureKind.AlreadyExists, await KindOf(new("snap-1", "local-1", Defaults, false)));
        Assert.Equal(FailureKind.InvalidArgument, await KindOf(new("snap-x", "local-1", new Dictionary<string, string> { ["csi.aliyun.com/snapshot-initial-size"] = "lots" }, false)));
        Assert.Equal(FailureKind.InvalidArgument, await KindOf(new("snap-x", "local-1", new Dictionary<string, string> { ["csi.aliyun.com/snapshot-expansion-threshold"] = "150%" }, false)));

        await node.Mediator.Send(Create("local-3", 35 * GiB));
        var full = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new CreateSnapshotCommand("snap-y", "local-1", Defaults, false)).AsTask());
        Assert.Equal(FailureKind.InsufficientCapacity, full.Kind);
        Assert.Null(await node.Get<ISnapshotStore>().FindAsync("snap-y", default));
    }

    [Fact]
    public async Task A_read_only_restore_mounts_the_snapshot_lv_and_protects_it_from_deletion()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 20 * GiB));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", ReadOnlyClass, false));

        var restored = await node.Mediator.Send(Create("local-r", 4 * GiB, fromSnapshot: "snap-1"));

        Assert.Equal("true", restored.Context["csi.aliyun.com/readonly"]);
        Assert.Equal("snap-1", restored.Context["csi.aliyun.com/snapshot-id"]);
        Assert.Equal("local-1", restored.Context["csi.aliyun.com/source-volume-id"]);
        Assert.Equal("/dev/open-local-pool-0/snap-1", restored.Volume.DevicePath);
        Assert.Equal(4 * GiB, restored.CapacityBytes);
        Assert.Equal(2, node.Machine.LogicalVolumesOf("open-local-pool-0").Count);

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new DeleteSnapshotCommand("snap-1")).AsTask());
        Assert.Equal(FailureKind.FailedPrecondition, ex.Kind);
        Assert.Equal("snapshot snap-1 is in use by volume local-r", ex.Message);

        await node.Mediator.Send(new DeleteVolumeCommand("local-r"));
        await node.Mediator.Send(new DeleteSnapshotCommand("snap-1"));
        Assert.Equal(["local-1"], node.Machine.LogicalVolumesOf("open-local-pool-0").Select(lv => lv.Name));
    }

    [Fact]
    public async Task A_copy_restore_is_a_new_lv_with_the_snapshot_data_independent_of_the_snapshot()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 2 * GiB));
        node.Machine.SetSignature("/dev/open-local-pool-0/local-1", "xfs");
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", Defaults, false));

        var small = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-c", GiB, fromSnapshot: "snap-1")).AsTask());
        Assert.Equal(FailureKind.OutOfRange, small.Kind);
        Assert.Contains("restore size must be at least 2Gi", small.Message, StringComparison.Ordinal);

        var restored = await node.Mediator.Send(Create("local-c", 3 * GiB, fromSnapshot: "snap-1"));

        Assert.False(restored.Context.ContainsKey("csi.aliyun.com/readonly"));
        Assert.Equal("/dev/open-local-pool-0/local-c", restored.Volume.DevicePath);
        Assert.Equal("xfs", await node.Get<IFilesystems>().ProbeAsync("/dev/open-local-pool-0/local-c", default));
        await node.Mediator.Send(new DeleteSnapshotCommand("snap-1"));
        Assert.Equal(VolumePhase.Ready, (await node.Get<IVolumeStore>().FindAsync("local-c", default))!.Phase);
    }

    [Fact]
    public async Task The_storage_class_restore_mode_overrides_the_snapshot_class()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", ReadOnlyClass, false));

        var restored = await node.Mediator.Send(Create("local-c", GiB, Lvm(("csi.aliyun.com/restore-mode", "copy")), fromSnapshot: "snap-1"));

        Assert.Equal(RestoreMode.Copy, restored.Volume.Source!.Mode);
    }

    [Fact]
    public async Task Restoring_from_an_unknown_snapshot_is_NotFound_and_off_its_node_is_InsufficientCapacity()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", ReadOnlyClass, false));

        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("r", GiB, fromSnapshot: "nope")).AsTask())).Kind);
        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("r", GiB, fromSnapshot: "snap-1", requisite: ["node-2"])).AsTask());
        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
        Assert.Contains("lives on node node-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_unknown_snapshot_succeeds_and_list_filters_and_pages()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(new DeleteSnapshotCommand("nope"));
        await node.Mediator.Send(Create("local-1", GiB));
        await node.Mediator.Send(Create("local-2", GiB));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-b", "local-1", Defaults, false));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-a", "local-1", Defaults, false));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-c", "local-2", Defaults, false));

        Assert.Equal(["snap-a", "snap-b"], (await node.Mediator.Send(new ListSnapshotsQuery(null, "local-1", 0, null))).Entries.Select(s => s.Id));
        Assert.Equal(["snap-c"], (await node.Mediator.Send(new ListSnapshotsQuery("snap-c", null, 0, null))).Entries.Select(s => s.Id));
        Assert.Empty((await node.Mediator.Send(new ListSnapshotsQuery("snap-zz", null, 0, null))).Entries);
        var page = await node.Mediator.Send(new ListSnapshotsQuery(null, null, 2, null));
        Assert.Equal(["snap-a", "snap-b"], page.Entries.Select(s => s.Id));
        Assert.Equal(["snap-c"], (await node.Mediator.Send(new ListSnapshotsQuery(null, null, 2, page.NextToken))).Entries.Select(s => s.Id));

        await node.Mediator.Send(new DeleteSnapshotCommand("snap-a"));
        Assert.DoesNotContain(node.Machine.LogicalVolumesOf("open-local-pool-0"), lv => lv.Name == "snap-a");
    }

    // ADR-0051: size_bytes becomes restoreSize, and external-provisioner refuses a claim smaller than it.
    [Fact]
    public async Task A_copy_mode_snapshot_reports_the_source_size_and_a_restore_of_exactly_that_size_succeeds()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 20 * GiB));

        var snapshot = await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", Defaults, false));
        var again = await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", Defaults, false));
        var listed = Assert.Single((await node.Mediator.Send(new ListSnapshotsQuery("snap-1", null, 0, null))).Entries);

        Assert.Equal(4 * GiB, snapshot.InitialSizeBytes);
        Assert.Equal(20 * GiB, snapshot.RestoreSizeBytes);
        Assert.Equal(20 * GiB, again.RestoreSizeBytes);
        Assert.Equal(20 * GiB, listed.RestoreSizeBytes);
        var restored = await node.Mediator.Send(Create("local-c", snapshot.RestoreSizeBytes, fromSnapshot: "snap-1"));
        Assert.Equal(RestoreMode.Copy, restored.Volume.Source!.Mode);
        Assert.Equal(VolumePhase.Ready, restored.Volume.Phase);
    }

    // csi.md §8: the seed restores a 4Gi claim from a snapshot of a 20Gi volume in read-only mode.
    [Fact]
    public async Task A_read_only_mode_snapshot_reports_the_cow_size_and_a_restore_of_exactly_that_size_succeeds()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 20 * GiB));

        var snapshot = await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", ReadOnlyClass, false));
        var listed = Assert.Single((await node.Mediator.Send(new ListSnapshotsQuery(null, "local-1", 0, null))).Entries);

        Assert.Equal(4 * GiB, snapshot.RestoreSizeBytes);
        Assert.Equal(4 * GiB, listed.RestoreSizeBytes);
        var restored = await node.Mediator.Send(Create("local-r", snapshot.RestoreSizeBytes, fromSnapshot: "snap-1"));
        Assert.Equal(RestoreMode.ReadOnly, restored.Volume.Source!.Mode);
        Assert.Equal(4 * GiB, restored.CapacityBytes);
    }

    [Fact]
    public async Task A_copy_mode_record_without_its_source_size_is_listed_with_the_source_size()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", 20 * GiB));
        // As a store that keeps only the CRD's fields (or an adopted legacy snapshot) gives it back.
        var bare = new Snapshot("snap-1", "local-1", "node-1", "open-local-pool-0", 4 * GiB).MarkReady(4 * GiB, DateTimeOffset.UnixEpoch);
        await node.Get<ISnapshotStore>().CreateAsync(bare, default);

        var listed = Assert.Single((await node.Mediator.Send(new ListSnapshotsQuery("snap-1", null, 0, null))).Entries);

        Assert.Equal(20 * GiB, listed.RestoreSizeBytes);
    }
}
