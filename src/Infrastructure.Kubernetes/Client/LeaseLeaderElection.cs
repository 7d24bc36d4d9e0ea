using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace OpenLocal.Infrastructure.Kubernetes.Client;

/// <summary>
/// Leader election over a coordination.k8s.io/v1 Lease with KubernetesClient's <see cref="LeaderElector"/>
/// (deploy.md §4, ADR-0024). Timings follow client-go's ratios: renew deadline 2/3 and retry period 1/5 of the lease.
/// </summary>
/// <example>
/// <code>
/// using var elector = LeaseLeaderElection.Create(client, "kube-system", "open-local-controller", podName);
/// elector.OnStartedLeading += () => ...;  // start the work
/// elector.OnStoppedLeading += () => ...;  // stop it (the process should exit)
/// await elector.RunAndTryToHoldLeadershipForeverAsync(ct);
/// </code>
/// </example>
public static class LeaseLeaderElection
{
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(15);

    public static LeaderElector Create(IKubernetes client, string leaseNamespace, string leaseName, string identity, TimeSpan? leaseDuration = null)
    {
        var duration = leaseDuration ?? DefaultLeaseDuration;
        return new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, leaseNamespace, leaseName, identity))
        {
            LeaseDuration = duration,
            RenewDeadline = duration * 2 / 3,
            RetryPeriod = duration / 5,
        });
    }
}
