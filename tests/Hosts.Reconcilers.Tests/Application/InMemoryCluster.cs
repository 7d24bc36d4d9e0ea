using System.Collections.Concurrent;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Reconcilers.Tests.Application;

/// <summary>Hand-written in-memory doubles of the cluster-side ports, for use-case tests without an API server.</summary>
internal sealed class InMemoryCluster : INodeLocalStorages, INodeStorageInitConfigs, IClusterNodes, IEventRecorder
{
    private readonly ConcurrentDictionary<string, NodeLocalStorageRecord> _storages = new(StringComparer.Ordinal);
    private long _version;

    public ConcurrentDictionary<string, ClusterNode> Nodes { get; } = new(StringComparer.Ordinal);

    public NodeStorageInitConfigRecord? InitConfig { get; set; }

    public ConcurrentQueue<(EventSubject Subject, EventSeverity Severity, string Reason, string Message)> Events { get; } = new();

    public int StatusWrites { get; private set; }

    public NodeLocalStorageRecord? Storage(string name) => _storages.GetValueOrDefault(name);

    public void PutStorage(NodeLocalStorageRecord record) => _storages[record.Name] = record with { ResourceVersion = NextVersion() };

    private string NextVersion() => Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public Task<NodeLocalStorageRecord?> FindAsync(string name, CancellationToken cancellationToken) => Task.FromResult(_storages.GetValueOrDefault(name));

    public Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([.. _storages.Keys]);

    public Task CreateAsync(NodeStorageSpec spec, StorageNodeOwner owner, CancellationToken cancellationToken)
    {
        var record = new NodeLocalStorageRecord(spec.NodeName, Guid.NewGuid().ToString(), NextVersion(), 1, new Dictionary<string, string>(), spec, null);
        if (!_storages.TryAdd(spec.NodeName, record))
            throw StorageException.AlreadyExists($"NodeLocalStorage {spec.NodeName} exists");
        return Task.CompletedTask;
    }

    public Task ReplaceSpecAsync(string name, NodeStorageSpec spec, CancellationToken cancellationToken)
    {
        var current = _storages.GetValueOrDefault(name) ?? throw StorageException.NotFound(name);
        _storages[name] = current with { Spec = spec, Generation = current.Generation + 1, ResourceVersion = NextVersion() };
        return Task.CompletedTask;
    }

    public Task UpdateStatusAsync(string name, string resourceVersion, NodeStorageStatus status, CancellationToken cancellationToken)
    {
        var current = _storages.GetValueOrDefault(name) ?? throw StorageException.NotFound(name);
        if (current.ResourceVersion != resourceVersion)
            throw new StorageException(FailureKind.OperationInProgress, "conflict");
        _storages[name] = current with { Status = status, ResourceVersion = NextVersion() };
        StatusWrites++;
        return Task.CompletedTask;
    }

    public Task DeleteIfExistsAsync(string name, CancellationToken cancellationToken)
    {
        _storages.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    Task<NodeStorageInitConfigRecord?> INodeStorageInitConfigs.FindAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(InitConfig?.Name == name ? InitConfig : null);

    Task<ClusterNode?> IClusterNodes.FindAsync(string name, CancellationToken cancellationToken) => Task.FromResult(Nodes.GetValueOrDefault(name));

    public Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ClusterNode>>([.. Nodes.Values]);

    public Task RecordAsync(EventSubject subject, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        Events.Enqueue((subject, severity, reason, message));
        return Task.CompletedTask;
    }
}
