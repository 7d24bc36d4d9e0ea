using OpenLocal.Application.Snapshots.CreateSnapshot;
using OpenLocal.Domain.Failures;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Volumes;

/// <summary>Issue 19 item 3: CreateVolume from a snapshot looks the snapshot up before judging the class.</summary>
public sealed class RestoreFromSnapshotTests
{
    [Theory]
    [InlineData("LVM")]
    [InlineData("Device")]
    [InlineData("MountPoint")]
    public async Task A_missing_snapshot_is_NotFound_whatever_the_volume_type(string type)
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-r", GiB, With(type), fromSnapshot: "snap-missing")).AsTask());

        Assert.Equal(FailureKind.NotFound, ex.Kind);
        Assert.Contains("snap-missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_snapshot_restores_into_LVM_only()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));
        await node.Mediator.Send(new CreateSnapshotCommand("snap-1", "local-1", new Dictionary<string, string>(), false));

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(Create("local-r", GiB, With("Device"), fromSnapshot: "snap-1")).AsTask());

        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
        Assert.Contains("only LVM volumes can be restored", ex.Message, StringComparison.Ordinal);
        Assert.Null(await node.Get<Ports.IVolumeStore>().FindAsync("local-r", CancellationToken.None));
    }
}
