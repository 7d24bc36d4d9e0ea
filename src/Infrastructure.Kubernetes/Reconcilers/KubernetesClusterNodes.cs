using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>Reads Nodes: name, uid and labels are all the controller needs.</summary>
public sealed class KubernetesClusterNodes(IKubernetes client) : IClusterNodes
{
    public async Task<ClusterNode?> FindAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return ToNode(await client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken));
        }
        catch (HttpOperationException ex) when (ex.IsNotFound())
        {
            return null;
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException($"read Node {name}");
        }
    }

    public async Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
            return [.. list.Items.Select(ToNode)];
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException("list Nodes");
        }
    }

    private static ClusterNode ToNode(V1Node node) => new(
        node.Metadata.Name,
        node.Metadata.Uid ?? string.Empty,
        node.Metadata.Labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(node.Metadata.Labels));
}
