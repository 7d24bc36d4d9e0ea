using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake;

namespace OpenLocal.Hosts.Reconcilers.Tests.Application;

/// <summary>The node plugin's loop (ADR-0056): record changes in, node-side reconcile out, failures retried.</summary>
public sealed class LocalVolumeReconcileServiceTests : IAsyncLifetime
{
    private const long GiB = 1L << 30;
    private const string Pool = "open-local-pool-0";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly Changes _changes = new();
    private readonly ObservedStore _store = new(new FakeVolumeStore());
    private ServiceProvider _provider = null!;
    private LocalVolumeReconcileService _service = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IVolumeStore>(_store);
        services.AddOpenLocalApplication();
        services.AddFakeBackend();
        _provider = services.BuildServiceProvider();
        _service = new LocalVolumeReconcileService(
            _provider.GetRequiredService<IMediator>(), _changes, TimeProvider.System, NullLogger<LocalVolumeReconcileService>.Instance);
        await _service.StartAsync(CancellationToken.None);
    }

    private FakeMachine Machine => _provider.GetRequiredService<FakeMachine>();

    [Fact]
    public async Task A_new_record_of_this_node_becomes_an_LV_and_a_Ready_status()
    {
        await _store.CreateAsync(new LocalVolume("local-1", "node-1", VolumeType.LVM, Pool, GiB), default);
        var update = _store.NextUpdateAsync("local-1");
        _changes.Push(new RecordChange(RecordKind.Volume, "local-1"));

        var ready = await update;
        Assert.Equal((VolumePhase.Ready, GiB), (ready.Phase, ready.CapacityBytes));
        Assert.Contains(Machine.LogicalVolumesOf(Pool), lv => lv.Name == "local-1");
    }

    [Fact]
    public async Task A_record_being_deleted_loses_its_LV_then_is_released_and_a_failed_removal_is_retried_with_back_off()
    {
        await _store.CreateAsync(new LocalVolume("local-2", "node-1", VolumeType.LVM, Pool, GiB), default);
        var update = _store.NextUpdateAsync("local-2");
        _changes.Push(new RecordChange(RecordKind.Volume, "local-2"));
        await update;
        await _store.RequestDeletionAsync("local-2", default);

        var logicalVolumes = _provider.GetRequiredService<FakeLogicalVolumes>();
        logicalVolumes.Faults.FailNext(1, FailureKind.Internal, nameof(ILogicalVolumes.RemoveIfExistsAsync), "lvremove failed");
        var released = _store.NextReleaseAsync("local-2");
        _changes.Push(new RecordChange(RecordKind.Volume, "local-2"));
        // The failed pass keeps the record (Deleting) and comes back after its back-off, without another change.
        await released.WaitAsync(Deadline);
        Assert.Equal(2, logicalVolumes.Faults.Calls.Count(c => c == nameof(ILogicalVolumes.RemoveIfExistsAsync)));
        Assert.Null(await _store.FindAsync("local-2", default));
        Assert.DoesNotContain(Machine.LogicalVolumesOf(Pool), lv => lv.Name == "local-2");
    }

    public async Task DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        await _provider.DisposeAsync();
    }

    private sealed class Changes : IRecordChanges
    {
        private readonly Channel<RecordChange> _channel = Channel.CreateUnbounded<RecordChange>();

        public void Push(RecordChange change) => _channel.Writer.TryWrite(change);

        public async IAsyncEnumerable<RecordChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var change in _channel.Reader.ReadAllAsync(cancellationToken))
                yield return change;
        }
    }

    /// <summary>The fake store, telling the test when the loop wrote or released a record.</summary>
    private sealed class ObservedStore(FakeVolumeStore inner) : IVolumeStore
    {
        private readonly Lock _sync = new();
        private readonly Dictionary<string, TaskCompletionSource<LocalVolume>> _updates = [];
        private readonly Dictionary<string, TaskCompletionSource> _releases = [];

        public Task<LocalVolume> NextUpdateAsync(string id)
        {
            lock (_sync)
                return (_updates.TryGetValue(id, out var t) ? t : _updates[id] = new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(Deadline);
        }

        public Task NextReleaseAsync(string id)
        {
            lock (_sync)
                return (_releases.TryGetValue(id, out var t) ? t : _releases[id] = new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        public Task<LocalVolume?> FindAsync(string volumeId, CancellationToken cancellationToken) => inner.FindAsync(volumeId, cancellationToken);

        public Task<IReadOnlyList<LocalVolume>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        public Task CreateAsync(LocalVolume volume, CancellationToken cancellationToken) => inner.CreateAsync(volume, cancellationToken);

        public async Task UpdateAsync(LocalVolume volume, CancellationToken cancellationToken)
        {
            await inner.UpdateAsync(volume, cancellationToken);
            TaskCompletionSource<LocalVolume>? waiter;
            lock (_sync)
                _updates.Remove(volume.Id, out waiter);
            waiter?.TrySetResult(volume);
        }

        public Task RequestDeletionAsync(string volumeId, CancellationToken cancellationToken) => inner.RequestDeletionAsync(volumeId, cancellationToken);

        public async Task ReleaseAsync(string volumeId, CancellationToken cancellationToken)
        {
            await inner.ReleaseAsync(volumeId, cancellationToken);
            TaskCompletionSource? waiter;
            lock (_sync)
                _releases.Remove(volumeId, out waiter);
            waiter?.TrySetResult();
        }
    }
}
