using System.CommandLine;
using k8s;

namespace OpenLocal.Cli.Commands;

/// <summary>
/// open-local's API access flags, shared by <c>controller</c> and <c>agent</c> (node-agent.md §1):
/// <c>--kubeconfig</c> and <c>--master</c>; neither ⇒ in-cluster config, else the default kubeconfig.
/// </summary>
public static class KubernetesAccess
{
    public static Option<string?> KubeconfigOption() => new("--kubeconfig") { Description = "Path to a kubeconfig file (default: in-cluster, then ~/.kube/config)." };

    public static Option<string?> MasterOption() => new("--master") { Description = "Address of the Kubernetes API server (overrides the kubeconfig's)." };

    public static IKubernetes Connect(string? kubeconfig, string? master)
    {
        KubernetesClientConfiguration config;
        if (!string.IsNullOrEmpty(kubeconfig))
            config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, masterUrl: master);
        else if (!string.IsNullOrEmpty(master))
            config = new KubernetesClientConfiguration { Host = master };
        else if (KubernetesClientConfiguration.IsInCluster())
            config = KubernetesClientConfiguration.InClusterConfig();
        else
            config = KubernetesClientConfiguration.BuildDefaultConfig();
        return new k8s.Kubernetes(config);
    }
}
