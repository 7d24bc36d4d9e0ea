using k8s;
using k8s.Autorest;
using k8s.Models;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>
/// NodeLocalStorage over the API. Spec replacement is a JSON patch of <c>/spec</c> only, so
/// annotations, labels, finalizers and status written by others survive (known-defects C6); status
/// goes through the status subresource at the caller's resourceVersion (409 ⇒ OperationInProgress).
/// </summary>
public sealed class KubernetesNodeLocalStorages(IKubernetes client) : INodeLocalStorages
{
    public async Task<NodeLocalStorageRecord?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var nls = await GetAsync(name, cancellationToken);
        return nls is null ? null : ToRecord(nls);
    }

    public async Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var list = await client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<NodeLocalStorage>>(
                CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, cancellationToken: cancellationToken);
            return [.. list.Items.Select(i => i.Metadata.Name)];
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException("list NodeLocalStorages");
        }
    }

    public async Task CreateAsync(NodeStorageSpec spec, StorageNodeOwner owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(owner);
        var nls = new NodeLocalStorage
        {
            Metadata = new V1ObjectMeta
            {
                Name = spec.NodeName,
                // Owned by the Node, so the garbage collector removes it even if no controller runs (crds.md §3 step 4).
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = owner.Name, Uid = owner.Uid }],
            },
            Spec = NodeStorageMapping.ToResource(spec),
        };
        try
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync<NodeLocalStorage>(
                nls, CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException($"create NodeLocalStorage {spec.NodeName}");
        }
    }

    public async Task ReplaceSpecAsync(string name, NodeStorageSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var patch = new V1Patch(
            KubernetesJson.Serialize(new[] { new SpecReplacement("replace", "/spec", NodeStorageMapping.ToResource(spec)) }),
            V1Patch.PatchType.JsonPatch);
        try
        {
            await client.CustomObjects.PatchClusterCustomObjectAsync<NodeLocalStorage>(
                patch, CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException($"update the spec of NodeLocalStorage {name}");
        }
    }

    public async Task UpdateStatusAsync(string name, string resourceVersion, NodeStorageStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var current = await GetAsync(name, cancellationToken)
            ?? throw Domain.Failures.StorageException.NotFound($"NodeLocalStorage {name} was deleted");
        if (current.Metadata.ResourceVersion != resourceVersion)
            throw new Domain.Failures.StorageException(Domain.Failures.FailureKind.OperationInProgress, $"NodeLocalStorage {name} changed since it was read");
        current.Status = NodeStorageMapping.ToResource(status);
        try
        {
            await client.CustomObjects.ReplaceClusterCustomObjectStatusAsync<NodeLocalStorage>(
                current, CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException($"write the status of NodeLocalStorage {name}");
        }
    }

    public async Task DeleteIfExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteClusterCustomObjectAsync(
                CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.IsNotFound())
        {
            // Already gone: deletion is idempotent.
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException($"delete NodeLocalStorage {name}");
        }
    }

    private async Task<NodeLocalStorage?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetClusterCustomObjectAsync<NodeLocalStorage>(
                CsiAliyunGroup.Name, CsiAliyunGroup.Version, NodeLocalStorage.Plural, name, cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.IsNotFound())
        {
            return null;
        }
        catch (HttpOperationException ex)
        {
            throw ex.ToStorageException($"read NodeLocalStorage {name}");
        }
    }

    private static NodeLocalStorageRecord ToRecord(NodeLocalStorage nls) => new(
        nls.Metadata.Name,
        nls.Metadata.Uid ?? string.Empty,
        nls.Metadata.ResourceVersion ?? string.Empty,
        nls.Metadata.Generation ?? 0,
        nls.Metadata.Annotations is null ? new Dictionary<string, string>() : new Dictionary<string, string>(nls.Metadata.Annotations),
        NodeStorageMapping.ToSpec(nls.Metadata.Name, nls.Spec),
        NodeStorageMapping.ToStatus(nls.Status));

    private sealed record SpecReplacement(
        [property: System.Text.Json.Serialization.JsonPropertyName("op")] string Op,
        [property: System.Text.Json.Serialization.JsonPropertyName("path")] string Path,
        [property: System.Text.Json.Serialization.JsonPropertyName("value")] NodeLocalStorageSpec Value);
}
