using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake.Tests;

public sealed class FakeNodeStorageObjectsTests
{
    [Fact]
    public async Task Status_writes_at_a_stale_resource_version_are_conflicts_and_spec_writes_bump_the_generation()
    {
        var storages = new FakeNodeLocalStorages();
        var record = await Create(storages, "node-1");
        var stale = record.ResourceVersion;

        await storages.UpdateStatusAsync("node-1", stale, NodeStorageStatus.Empty, default);
        var ex = await Assert.ThrowsAsync<StorageException>(() => storages.UpdateStatusAsync("node-1", stale, NodeStorageStatus.Empty, default));
        await storages.ReplaceSpecAsync("node-1", record.Spec, default);

        Assert.Equal(FailureKind.OperationInProgress, ex.Kind);
        var current = await storages.FindAsync("node-1", default);
        Assert.Equal(2, current!.Generation);
        Assert.NotNull(current.Status);
        Assert.Equal(FailureKind.AlreadyExists, (await Assert.ThrowsAsync<StorageException>(() => storages.CreateAsync(record.Spec, new StorageNodeOwner("node-1", "u"), default))).Kind);
    }

    [Fact]
    public async Task Annotations_survive_spec_replacement_and_delete_is_idempotent()
    {
        var storages = new FakeNodeLocalStorages();
        var record = await Create(storages, "node-1");
        storages.Annotate("node-1", "csi.aliyun.com/storage-reserved", "{}");

        await storages.ReplaceSpecAsync("node-1", record.Spec, default);

        Assert.Equal("{}", (await storages.FindAsync("node-1", default))!.Annotations["csi.aliyun.com/storage-reserved"]);
        Assert.Equal(["node-1"], await storages.ListNamesAsync(default));
        await storages.DeleteIfExistsAsync("node-1", default);
        await storages.DeleteIfExistsAsync("node-1", default);
        Assert.Null(await storages.FindAsync("node-1", default));
        Assert.Equal(FailureKind.NotFound, (await Assert.ThrowsAsync<StorageException>(() => storages.ReplaceSpecAsync("node-1", record.Spec, default))).Kind);
    }

    private static async Task<NodeLocalStorageRecord> Create(FakeNodeLocalStorages storages, string node)
    {
        var spec = new NodeStorageSpec(node, StorageBlocks.Empty);
        await storages.CreateAsync(spec, new StorageNodeOwner(node, "uid-1"), default);
        return (await storages.FindAsync(node, default))!;
    }
}
