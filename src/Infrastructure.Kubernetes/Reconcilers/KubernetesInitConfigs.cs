using k8s;
using k8s.Autorest;
using OpenLocal.Application.Ports;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>Reads NodeLocalStorageInitConfig objects (crds.md §2).</summary>
public sealed class KubernetesInitConfigs(IKubernetes client) : INodeStorageInitConfigs
{
    public async Task<NodeStorageInitConfigRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var nlsc = await client.CustomObjects.GetClusterCustomObjectAsync<NodeLocalStorageInitConfig>(
                CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorageInitConfig.Plural, name, cancellationToken);
            return new NodeStorageInitConfigRecord(nlsc.Metadata.Name, nlsc.Metadata.Uid ?? string.Empty, NodeStorageMapping.ToInitConfig(nlsc.Spec));
        }
        catch (HttpOperationException ex) when (ex.IsNotFound())
        {
            return null;
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException($"read NodeLocalStorageInitConfig {name}");
        }
    }
}
