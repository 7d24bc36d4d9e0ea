using k8s;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Infrastructure.Kubernetes.Client;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>
/// Lease-based leader election (coordination.k8s.io/v1) with KubernetesClient's elector: the work
/// runs while the lease is held (timings: <see cref="LeaseLeaderElection"/>) and is cancelled when it is lost; then the replica campaigns again.
/// </summary>
public sealed class KubernetesLeaderElection(IKubernetes client, string leaseNamespace, string identity, ILogger<KubernetesLeaderElection> logger) : ILeaderElection
{
    public async Task RunAsync(string leaseName, Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        while (!cancellationToken.IsCancellationRequested)
        {
            using var elector = LeaseLeaderElection.Create(client, leaseNamespace, leaseName, identity);
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
