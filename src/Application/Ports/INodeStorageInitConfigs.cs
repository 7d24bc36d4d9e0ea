using OpenLocal.Domain.Discovery;

namespace OpenLocal.Application.Ports;

/// <summary>A NodeLocalStorageInitConfig with the identity events need.</summary>
public sealed record NodeStorageInitConfigRecord(string Name, string Uid, NodeStorageInitConfig Config);

/// <summary>Read access to NodeLocalStorageInitConfig objects (crds.md §2).</summary>
public interface INodeStorageInitConfigs
{
    Task<NodeStorageInitConfigRecord?> FindAsync(string name, CancellationToken cancellationToken);
}
