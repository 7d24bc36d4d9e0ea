using System.Text.Json.Nodes;

namespace OpenLocal.Deploy.Tests;

/// <summary>Each kustomize target under deploy/kubernetes and the chart values it equals (ADR-0063).</summary>
public static class DeployTargets
{
    public const string Default = ".";
    public const string WithoutSnapshotCrds = "overlays/without-snapshot-crds";
    public const string Monitoring = "overlays/monitoring";
    public const string NodeAdmissionPolicy = "overlays/node-admission-policy";

    public static TheoryData<string> All => [Default, WithoutSnapshotCrds, Monitoring, NodeAdmissionPolicy];

    public static IReadOnlyDictionary<string, JsonNode?> ChartValues(string target) => target switch
    {
        Default => new Dictionary<string, JsonNode?>(),
        WithoutSnapshotCrds => new Dictionary<string, JsonNode?> { ["snapshotController.enabled"] = false },
        Monitoring => new Dictionary<string, JsonNode?> { ["monitor.enabled"] = true },
        NodeAdmissionPolicy => new Dictionary<string, JsonNode?> { ["nodeAdmissionPolicy.enabled"] = true },
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "not a deploy/kubernetes target"),
    };

    internal static async Task<IReadOnlyList<JsonObject>> KustomizeAsync(string target) =>
        Manifests.Parse(await Kubectl.KustomizeAsync(target));
}
