using k8s;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

internal static class SameJson
{
    /// <summary>True when both serialise to the same JSON (or both are null): a write would change nothing.</summary>
    public static bool Equal(object? a, object? b) =>
        a is null || b is null ? a is null && b is null : KubernetesJson.Serialize(a) == KubernetesJson.Serialize(b);
}
