using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>
/// Lease-based leader election (coordination.k8s.io/v1) with KubernetesClient's elector: the work
/// runs while the lease is held and is cancelled when it is lost; then the replica campaigns again.
/// </summary>
public sealed class KubernetesLeaderElection(IKubernetes client, string leaseNamespace, string identity, ILogger<KubernetesLeaderElection> logger) : ILeaderElection
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);

    public async Task RunAsync(string leaseName, Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        while (!cancellationToken.IsCancellationRequested)
        {
            var config = new LeaderElectionConfig(new LeaseLock(client, leaseNamespace, leaseName, identity))
            {
                LeaseDuration = LeaseDuration,
                RenewDeadline = RenewDeadline,
                RetryPeriod = RetryPeriod,
            };
            using var elector = new LeaderElector(config);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task? work = null;
            elector.OnStartedLeading += () => work = Task.Run(() => lead(leading.Token), CancellationToken.None);
            elector.OnError += ex => logger.LogWarning(ex, "leader election for {Lease} failed; retrying", leaseName);
            try
            {
                await elector.RunUntilLeadershipLostAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutdown.
            }
            await leading.CancelAsync();
            if (work is not null)
            {
                try
                {
                    await work;
                }
                catch (OperationCanceledException)
                {
                    // The work stopped because leadership ended.
                }
            }
            if (!cancellationToken.IsCancellationRequested)
                logger.LogWarning("lost the lease {Lease}; campaigning again", leaseName);
        }
    }
}
