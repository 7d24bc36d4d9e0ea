using System.Globalization;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>
/// NodeLocalStorage objects in memory with the API server's optimistic concurrency: every write
/// bumps the resourceVersion, a spec change bumps the generation, a status write at a stale
/// version is OperationInProgress (HTTP 409).
/// </summary>
public sealed class FakeNodeLocalStorages : INodeLocalStorages
{
    private readonly Lock _sync = new();
    private readonly SortedDictionary<string, NodeLocalStorageRecord> _records = new(StringComparer.Ordinal);
    private long _version;

    public FaultInjector Faults { get; } = new();

    public async Task<NodeLocalStorageRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(FindAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            return _records.GetValueOrDefault(name);
    }

    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ListNamesAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            return [.. _records.Keys];
    }

    public async Task CreateAsync(NodeStorageSpec spec, StorageNodeOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(owner);
        await Faults.BeforeCallAsync(nameof(CreateAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            if (_records.ContainsKey(spec.NodeName))
                throw StorageException.AlreadyExists($"NodeLocalStorage {spec.NodeName} already exists");
            _records[spec.NodeName] = new NodeLocalStorageRecord(
                spec.NodeName, Guid.NewGuid().ToString(), NextVersion(), 1, new Dictionary<string, string>(), spec, null);
        }
    }

    public async Task ReplaceSpecAsync(string name, NodeStorageSpec spec, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(ReplaceSpecAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            var record = Require(name);
            _records[name] = record with { Spec = spec, Generation = record.Generation + 1, ResourceVersion = NextVersion() };
        }
    }

    public async Task UpdateStatusAsync(string name, string resourceVersion, NodeStorageStatus status, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(UpdateStatusAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            var record = Require(name);
            if (record.ResourceVersion != resourceVersion)
                throw new StorageException(FailureKind.OperationInProgress, $"NodeLocalStorage {name} changed since it was read");
            _records[name] = record with { Status = status, ResourceVersion = NextVersion() };
        }
    }

    public async Task DeleteIfExistsAsync(string name, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(DeleteIfExistsAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            _records.Remove(name);
    }

    /// <summary>Sets a user-owned annotation, as <c>kubectl annotate</c> would.</summary>
    public void Annotate(string name, string key, string value)
    {
        lock (_sync)
        {
            var record = Require(name);
            var annotations = new Dictionary<string, string>(record.Annotations) { [key] = value };
            _records[name] = record with { Annotations = annotations, ResourceVersion = NextVersion() };
        }
    }

    private NodeLocalStorageRecord Require(string name) =>
        _records.TryGetValue(name, out var record) ? record : throw StorageException.NotFound($"NodeLocalStorage {name} not found");

    private string NextVersion() => (++_version).ToString(CultureInfo.InvariantCulture);
}

/// <summary>NodeLocalStorageInitConfig objects in memory; tests and `dev` put them with <see cref="Put"/>.</summary>
public sealed class FakeNodeStorageInitConfigs : INodeStorageInitConfigs
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, NodeStorageInitConfigRecord> _records = new(StringComparer.Ordinal);

    public FaultInjector Faults { get; } = new();

    public async Task<NodeStorageInitConfigRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await Faults.BeforeCallAsync(nameof(FindAsync), cancellationToken).ConfigureAwait(false);
        lock (_sync)
            return _records.GetValueOrDefault(name);
    }

    public void Put(string name, NodeStorageInitConfig config)
    {
        lock (_sync)
            _records[name] = new NodeStorageInitConfigRecord(name, _records.TryGetValue(name, out var old) ? old.Uid : Guid.NewGuid().ToString(), config);
    }
}
