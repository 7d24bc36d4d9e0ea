using System.Text.Json;
using k8s;
using OpenLocal.Domain.Discovery;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Fuzz.Targets;

/// <summary>
/// A NodeLocalStorage as the API server sends it (crds.md §1): it decodes or throws JsonException; a
/// decoded one maps to the Domain's spec and status, selects storage and maps back without throwing.
/// </summary>
internal static class NodeLocalStorageTarget
{
    public static void Run(byte[] input)
    {
        NodeLocalStorage? nls;
        try
        {
            nls = KubernetesJson.Deserialize<NodeLocalStorage>(FuzzInput.Text(input));
        }
        catch (JsonException)
        {
            return;
        }
        catch (FormatException ex) when (ex.Message.Contains("RFC3339", StringComparison.Ordinal))
        {
            // KubernetesClient's RFC 3339 converter throws FormatException, not JsonException, for a
            // malformed timestamp: its refusal, which every caller of KubernetesJson has to expect.
            return;
        }
        if (nls is null)
            return;
        var spec = NodeStorageMapping.ToSpec(nls.Metadata?.Name ?? "node-1", nls.Spec);
        StorageSelectionTarget.Select(spec.Blocks.ListConfig);
        _ = NodeStorageMapping.ToResource(spec);
        if (NodeStorageMapping.ToStatus(nls.Status) is { } status)
            _ = NodeStorageMapping.ToResource(status);
    }
}
