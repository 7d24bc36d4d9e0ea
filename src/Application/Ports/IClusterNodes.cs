namespace OpenLocal.Application.Ports;

/// <summary>A Kubernetes Node as the controller sees it: identity and labels.</summary>
public sealed record ClusterNode(string Name, string Uid, IReadOnlyDictionary<string, string> Labels);

/// <summary>Read access to the cluster's Nodes.</summary>
public interface IClusterNodes
{
    Task<ClusterNode?> FindAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken);
}
