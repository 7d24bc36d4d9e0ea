using OpenLocal.Infrastructure.Kubernetes.Client;

namespace OpenLocal.Infrastructure.Kubernetes.Tests;

[Trait("Category", "Kubernetes")]
public sealed class LeaderElectionTests : ApiServerTest
{
    [Fact]
    public async Task One_of_two_candidates_leads_and_the_other_takes_over_when_it_stops()
    {
        var lease = TimeSpan.FromSeconds(2);
        using var clientA = Server.CreateClient();
        using var clientB = Server.CreateClient();
        using var a = LeaseLeaderElection.Create(clientA, "kube-system", "open-local-controller", "a", lease);
        using var b = LeaseLeaderElection.Create(clientB, "kube-system", "open-local-controller", "b", lease);
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.OnStartedLeading += () => aLeads.TrySetResult();
        b.OnStartedLeading += () => bLeads.TrySetResult();

        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAndTryToHoldLeadershipForeverAsync(stopA.Token);
        await aLeads.Task.WaitAsync(Deadline);
        var runB = b.RunAndTryToHoldLeadershipForeverAsync(stopB.Token);

        // While a renews its lease, b must not lead; b stays a follower that knows the leader.
        var newLeader = await Task.WhenAny(bLeads.Task, Task.Delay(lease * 2));
        Assert.NotSame(bLeads.Task, newLeader);
        Assert.True(a.IsLeader());
        Assert.False(b.IsLeader());
        Assert.Equal("a", b.GetLeader());

        await stopA.CancelAsync();
        await bLeads.Task.WaitAsync(Deadline);
        Assert.True(b.IsLeader());

        await stopB.CancelAsync();
        await Task.WhenAll(Swallow(runA), Swallow(runB));
    }

    private static async Task Swallow(Task run)
    {
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Stopping a candidate cancels its loop.
        }
    }
}
