using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake.Tests;

public sealed class FaultInjectorTests
{
    [Fact]
    public async Task The_next_n_calls_fail_with_the_given_kind_then_calls_succeed()
    {
        var store = new FakeVolumeStore();
        store.Faults.FailNext(2, FailureKind.Unavailable, message: "api server down");

        var first = await Assert.ThrowsAsync<StorageException>(() => store.ListAsync(default));
        var second = await Assert.ThrowsAsync<StorageException>(() => store.FindAsync("x", default));
        var third = await store.ListAsync(default);

        Assert.Equal(FailureKind.Unavailable, first.Kind);
        Assert.Contains("api server down", first.Message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.Unavailable, second.Kind);
        Assert.Empty(third);
    }

    [Fact]
    public async Task A_failure_can_target_one_member()
    {
        var devices = new FakeBlockDevices(new FakeMachine(FakeBackendOptions.Default));
        devices.Faults.FailNext(1, FailureKind.Internal, nameof(IBlockDevices.WipeSignaturesAsync));

        Assert.NotEmpty(await devices.ListAsync(default));
        Assert.Equal(FailureKind.Internal, (await Assert.ThrowsAsync<StorageException>(() => devices.WipeSignaturesAsync("/dev/vdc", default))).Kind);
        await devices.WipeSignaturesAsync("/dev/vdc", default);
        Assert.Equal([nameof(IBlockDevices.ListAsync), nameof(IBlockDevices.WipeSignaturesAsync), nameof(IBlockDevices.WipeSignaturesAsync)], devices.Faults.Calls);
    }

    [Fact]
    public async Task A_gated_call_waits_until_the_gate_opens()
    {
        var store = new FakeSnapshotStore();
        var gate = store.Faults.GateNext(1, nameof(ISnapshotStore.ListAsync));

        var waiting = store.ListAsync(default);
        await gate.Reached;
        Assert.False(waiting.IsCompleted);
        var notGated = await store.FindAsync("x", default);
        gate.Open();

        Assert.Empty(await waiting);
        Assert.Null(notGated);
        Assert.Empty(await store.ListAsync(default));
    }

    [Fact]
    public async Task A_gated_call_can_be_cancelled()
    {
        var store = new FakeVolumeStore();
        store.Faults.GateNext();
        using var cancellation = new CancellationTokenSource();

        var waiting = store.ListAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void Counts_must_be_positive()
    {
        var faults = new FaultInjector();
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.FailNext(0, FailureKind.Internal));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.GateNext(0));
    }
}
