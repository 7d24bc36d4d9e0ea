namespace OpenLocal.Hosts.Reconcilers;

/// <summary>
/// What one reconcile pass asks of its work queue, in the KubeOps shape: done, come back after a
/// fixed delay, or retry with the key's exponential back-off.
/// </summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter, bool Backoff)
{
    public static ReconcileResult Done { get; } = new(null, false);

    public static ReconcileResult RetryWithBackoff { get; } = new(null, true);

    public static ReconcileResult Requeue(TimeSpan after) => new(after, false);
}
