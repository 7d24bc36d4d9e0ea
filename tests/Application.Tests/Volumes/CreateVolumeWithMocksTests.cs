using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using OpenLocal.Application.Ports;
using OpenLocal.Application.Provisioning;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;
using OpenLocal.Infrastructure.Fake;
using static OpenLocal.Application.Tests.FakeNode;

namespace OpenLocal.Application.Tests.Volumes;

/// <summary>CreateVolume against mocked ports: several nodes, a lagging store, a node that does not answer.</summary>
public sealed class CreateVolumeWithMocksTests
{
    private readonly Mock<IStorageInventory> _inventory = new(MockBehavior.Strict);
    private readonly Mock<IVolumeProvisioning> _provisioning = new(MockBehavior.Strict);

    public CreateVolumeWithMocksTests()
    {
        _inventory.Setup(i => i.ListNodesAsync(It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            Node("node-a", "host-a", 50),
            Node("node-b", "host-b", 20),
            Node("node-c", "host-c", 80),
        ]);
        _provisioning.Setup(p => p.RealizeAsync(It.IsAny<LocalVolume>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((LocalVolume v, CancellationToken _) => v.MarkReady(v.SizeBytes, $"/dev/{v.Pool}/{v.Id}"));
    }

    private static NodeStorage Node(string name, string hostname, long freeGiB) =>
        new(name, hostname, [new VolumeGroupPool("open-local-pool-0", 100 * GiB, freeGiB * GiB)], [], []);

    private IMediator Compose(PlacementStrategy strategy = PlacementStrategy.Binpack, IVolumeStore? store = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOpenLocalApplication(new PlacementOptions { Strategy = strategy });
        services.AddFakeBackend();
        services.AddSingleton(_inventory.Object);
        services.AddSingleton(_provisioning.Object);
        if (store is not null)
            services.AddSingleton(store);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }).GetRequiredService<IMediator>();
    }

    [Theory]
    [InlineData(PlacementStrategy.Binpack, 10L, "node-b")]
    [InlineData(PlacementStrategy.Binpack, 30L, "node-a")]
    [InlineData(PlacementStrategy.Spread, 10L, "node-c")]
    public async Task Without_topology_the_best_fit_node_by_strategy_wins(PlacementStrategy strategy, long gib, string expected)
    {
        var mediator = Compose(strategy);

        var result = await mediator.Send(Create("v", gib * GiB));

        Assert.Equal(expected, result.Volume.NodeName);
        Assert.Equal(expected.Replace("node", "host", StringComparison.Ordinal), result.Hostname);
    }

    [Fact]
    public async Task Topology_hostnames_map_to_nodes_by_label_and_the_first_that_fits_wins()
    {
        var mediator = Compose();

        var result = await mediator.Send(Create("v", 30 * GiB, preferred: ["host-b", "host-c"], requisite: ["host-a"]));

        Assert.Equal("node-c", result.Volume.NodeName);
        Assert.Equal("node-c", result.Context["volume.kubernetes.io/selected-node"]);
    }

    [Fact]
    public async Task A_store_that_lags_behind_its_writes_still_never_over_commits()
    {
        // An informer-fed store: creates succeed but lists do not show them yet.
        var store = new Mock<IVolumeStore>();
        store.Setup(s => s.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        store.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((LocalVolume?)null);
        store.Setup(s => s.CreateAsync(It.IsAny<LocalVolume>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var mediator = Compose(store: store.Object);

        var first = await mediator.Send(Create("v1", 15 * GiB, requisite: ["host-b"]));
        var ex = await Assert.ThrowsAsync<StorageException>(() => mediator.Send(Create("v2", 15 * GiB, requisite: ["host-b"])).AsTask());

        Assert.Equal("node-b", first.Volume.NodeName);
        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
    }

    [Fact]
    public async Task A_node_that_does_not_answer_in_time_keeps_the_record_for_the_retry()
    {
        _provisioning.Setup(p => p.RealizeAsync(It.IsAny<LocalVolume>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageException(FailureKind.DeadlineExceeded, "node-b did not reconcile in time"));
        var mediator = Compose();

        var ex = await Assert.ThrowsAsync<StorageException>(() => mediator.Send(Create("v", 10 * GiB)).AsTask());

        Assert.Equal(FailureKind.DeadlineExceeded, ex.Kind);
        _provisioning.Verify(p => p.RemoveAsync(It.IsAny<LocalVolume>(), It.IsAny<CancellationToken>()), Times.Never);
        _provisioning.Setup(p => p.RealizeAsync(It.IsAny<LocalVolume>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((LocalVolume v, CancellationToken _) => v.MarkReady(v.SizeBytes, "/dev/x"));
        var retry = await mediator.Send(Create("v", 10 * GiB));
        Assert.Equal("node-b", retry.Volume.NodeName);
    }

    [Fact]
    public async Task A_node_side_failure_removes_the_placement_and_returns_the_node_kind()
    {
        _provisioning.Setup(p => p.RealizeAsync(It.IsAny<LocalVolume>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(StorageException.InsufficientCapacity("Volume group has insufficient free space"));
        _provisioning.Setup(p => p.RemoveAsync(It.IsAny<LocalVolume>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        var mediator = Compose();

        var ex = await Assert.ThrowsAsync<StorageException>(() => mediator.Send(Create("v", 10 * GiB)).AsTask());

        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
        _provisioning.Verify(p => p.RemoveAsync(It.Is<LocalVolume>(v => v.Id == "v"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Invalid_requests_never_reach_a_node()
    {
        var mediator = Compose();

        await Assert.ThrowsAnyAsync<StorageException>(() => mediator.Send(Create("", GiB)).AsTask());

        _provisioning.Verify(p => p.RealizeAsync(It.IsAny<LocalVolume>(), It.IsAny<CancellationToken>()), Times.Never);
        _inventory.Verify(i => i.ListNodesAsync(It.IsAny<CancellationToken>()), Times.Never);
    }
}
