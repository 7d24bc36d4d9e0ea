using OpenLocal.Application.Ports;

namespace OpenLocal.Hosts.Reconcilers;

/// <summary><c>--leader-elect=false</c>: this replica always leads (one replica, or the dev/test composition).</summary>
public sealed class SingleReplica : ILeaderElection
{
    public Task RunAsync(string leaseName, Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return lead(cancellationToken);
    }
}
