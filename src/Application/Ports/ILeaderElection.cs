namespace OpenLocal.Application.Ports;

/// <summary>
/// Leader election (deploy.md §4: several controller replicas are safe). <paramref name="lead"/>
/// runs while this replica holds the lease; its token is cancelled when leadership is lost.
/// </summary>
public interface ILeaderElection
{
    Task RunAsync(string leaseName, Func<CancellationToken, Task> lead, CancellationToken cancellationToken);
}
