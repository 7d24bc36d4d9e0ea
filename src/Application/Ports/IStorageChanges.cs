namespace OpenLocal.Application.Ports;

/// <summary>Which watched kind changed.</summary>
public enum WatchedKind
{
    Node,
    NodeLocalStorage,
    InitConfig,
}

/// <summary>How it changed.</summary>
public enum ChangeType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One watch event, reduced to what the loops queue on (the name; the handler re-reads the object).</summary>
public sealed record StorageChange(WatchedKind Kind, ChangeType Type, string Name, long Generation);

/// <summary>
/// Watches of Nodes, NodeLocalStorages and NodeLocalStorageInitConfigs. The stream starts with an
/// Added event per existing object, survives watch expiry (relist, reporting objects that vanished
/// meanwhile as Deleted) and ends only on cancellation. <paramref name="name"/> restricts it to one object.
/// </summary>
public interface IStorageChanges
{
    IAsyncEnumerable<StorageChange> WatchAsync(WatchedKind kind, string? name, CancellationToken cancellationToken);
}
