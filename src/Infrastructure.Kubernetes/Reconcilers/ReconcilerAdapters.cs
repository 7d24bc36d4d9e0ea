using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>Registers the Kubernetes side of the controller and agent loops; the host registers <see cref="IKubernetes"/>.</summary>
public static class ReconcilerAdapters
{
    public static IServiceCollection AddKubernetesReconcilerAdapters(this IServiceCollection services, string component)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INodeLocalStorages, KubernetesNodeLocalStorages>();
        services.TryAddSingleton<INodeStorageInitConfigs, KubernetesInitConfigs>();
        services.TryAddSingleton<IClusterNodes, KubernetesClusterNodes>();
        services.TryAddSingleton<IStorageChanges, KubernetesStorageChanges>();
        services.TryAddSingleton<IEventRecorder>(sp => new KubernetesEventRecorder(
            sp.GetRequiredService<IKubernetes>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<KubernetesEventRecorder>>(), component));
        return services;
    }

    /// <summary>Lease election in <paramref name="leaseNamespace"/>; the identity should be unique per replica (pod name).</summary>
    public static IServiceCollection AddKubernetesLeaderElection(this IServiceCollection services, string leaseNamespace, string identity)
    {
        services.TryAddSingleton<ILeaderElection>(sp => new KubernetesLeaderElection(
            sp.GetRequiredService<IKubernetes>(), leaseNamespace, identity, sp.GetRequiredService<ILogger<KubernetesLeaderElection>>()));
        return services;
    }
}
