namespace OpenLocal.ClusterSimulation;

/// <summary>
/// One stand-in for a Kubernetes component (scheduler, external-provisioner, kubelet, ...). <c>openlocal dev</c>
/// runs every registered one until Ctrl+C; each returns only when cancelled, and logs what it does on the
/// same lines a real component would show in its events.
/// </summary>
public interface ISimulatedComponent
{
    /// <summary>The real component this stands in for, e.g. "external-provisioner"; used in logs and events.</summary>
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
