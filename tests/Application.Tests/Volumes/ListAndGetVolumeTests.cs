using OpenLocal.Application.Pipeline;
using OpenLocal.Application.Volumes.GetVolume;
using OpenLocal.Application.Volumes.ListVolumes;
using OpenLocal.Domain.Failures;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Volumes;

public sealed class ListAndGetVolumeTests
{
    [Fact]
    public async Task Pages_through_volumes_sorted_by_id()
    {
        using var node = FakeNode.Start();
        foreach (var id in new[] { "c", "a", "e", "b", "d" })
            await node.Mediator.Send(Create(id, GiB));

        var first = await node.Mediator.Send(new ListVolumesQuery(2, null));
        var second = await node.Mediator.Send(new ListVolumesQuery(2, first.NextToken));
        var last = await node.Mediator.Send(new ListVolumesQuery(2, second.NextToken));
        var all = await node.Mediator.Send(new ListVolumesQuery(0, null));

        Assert.Equal(["a", "b"], first.Entries.Select(v => v.Id));
        Assert.Equal(["c", "d"], second.Entries.Select(v => v.Id));
        Assert.Equal(["e"], last.Entries.Select(v => v.Id));
        Assert.Null(last.NextToken);
        Assert.Equal(5, all.Entries.Count);
        Assert.Null(all.NextToken);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("99")]
    public async Task An_invalid_token_is_Aborted(string token)
    {
        using var node = FakeNode.Start();

        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new ListVolumesQuery(1, token)).AsTask());

        Assert.Equal(FailureKind.Aborted, ex.Kind);
    }

    [Fact]
    public async Task Negative_max_entries_is_invalid()
    {
        using var node = FakeNode.Start();

        await Assert.ThrowsAsync<RequestValidationException>(() => node.Mediator.Send(new ListVolumesQuery(-1, null)).AsTask());
    }

    [Fact]
    public async Task Get_returns_the_record_or_NotFound()
    {
        using var node = FakeNode.Start();
        await node.Mediator.Send(Create("local-1", GiB));

        Assert.Equal("local-1", (await node.Mediator.Send(new GetVolumeQuery("local-1"))).Id);
        var ex = await Assert.ThrowsAsync<StorageException>(() => node.Mediator.Send(new GetVolumeQuery("nope")).AsTask());
        Assert.Equal(FailureKind.NotFound, ex.Kind);
    }
}
