using OpenLocal.Domain.Discovery;

namespace OpenLocal.Application.Ports;

/// <summary>A NodeLocalStorage as stored: metadata the loops need, the spec and the agent's status (null before the first write).</summary>
public sealed record NodeLocalStorageRecord(
    string Name,
    string Uid,
    string ResourceVersion,
    long Generation,
    IReadOnlyDictionary<string, string> Annotations,
    NodeStorageSpec Spec,
    NodeStorageStatus? Status);

/// <summary>The node a NodeLocalStorage belongs to (its owner reference).</summary>
public sealed record StorageNodeOwner(string Name, string Uid);

/// <summary>
/// The NodeLocalStorage repository (crds.md §1). Writes never drop user-owned metadata: spec
/// replacement keeps annotations, labels, finalizers and status (known-defects C6).
/// </summary>
public interface INodeLocalStorages
{
    Task<NodeLocalStorageRecord?> FindAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken);

    /// <summary>Creates the NLS named after the node, owned by it; AlreadyExists if it is there.</summary>
    Task CreateAsync(NodeStorageSpec spec, StorageNodeOwner owner, CancellationToken cancellationToken);

    /// <summary>Replaces only the spec; NotFound when the NLS is gone.</summary>
    Task ReplaceSpecAsync(string name, NodeStorageSpec spec, CancellationToken cancellationToken);

    /// <summary>Writes the status subresource at <paramref name="resourceVersion"/>; OperationInProgress on a version conflict.</summary>
    Task UpdateStatusAsync(string name, string resourceVersion, NodeStorageStatus status, CancellationToken cancellationToken);

    Task DeleteIfExistsAsync(string name, CancellationToken cancellationToken);
}
