using System.Text.Json;
using k8s;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Fuzz.Targets;

/// <summary>
/// A NodeLocalStorageInitConfig (crds.md §2): it decodes or throws JsonException; a decoded one yields
/// the desired spec of a labelled node (selectors evaluated) and its storage selection without throwing.
/// </summary>
internal static class NodeLocalStorageInitConfigTarget
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["kubernetes.io/hostname"] = "node-1",
        ["topology.kubernetes.io/zone"] = "a",
        ["storage"] = "lvm",
    };

    public static void Run(byte[] input)
    {
        NodeLocalStorageInitConfig? nlsc;
        try
        {
            nlsc = KubernetesJson.Deserialize<NodeLocalStorageInitConfig>(FuzzInput.Text(input));
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
        if (nlsc is null)
            return;
        var desired = NodeStorageMapping.ToInitConfig(nlsc.Spec).DesiredSpecFor("node-1", Labels);
        StorageSelectionTarget.Select(desired.Blocks.ListConfig);
        _ = NodeStorageMapping.ToResource(desired);
    }
}
