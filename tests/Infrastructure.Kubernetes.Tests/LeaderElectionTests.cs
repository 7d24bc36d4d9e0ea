using System.Globalization;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Infrastructure.Kubernetes.Client;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;

namespace OpenLocal.Infrastructure.Kubernetes.Tests;

/// <summary>
/// Lease leader election against the embedded API server. KubernetesClient's elector judges a lease by the wall
/// clock — expired once it has not changed for a lease duration since this candidate last saw it change — so these
/// tests do not wait fixed windows: they control what each candidate sees when it looks (<see cref="LeaseTraffic"/>)
/// and assert on what it did.
/// </summary>
[Trait("Category", "Kubernetes")]
public sealed class LeaderElectionTests : ApiServerTest
{
    private const string Namespace = "kube-system";
    private const string LeaseName = "open-local-controller";

    [Fact]
    public async Task A_follower_does_not_lead_while_it_sees_the_leader_renew_and_takes_over_once_the_lease_expires()
    {
        var lease = TimeSpan.FromSeconds(3);
        using var leaderTraffic = new LeaseTraffic(LeaseName);
        using var followerTraffic = new LeaseTraffic(LeaseName);
        using var clientA = ClientThrough(leaderTraffic);
        using var clientB = ClientThrough(followerTraffic);
        using var a = LeaseLeaderElection.Create(clientA, Namespace, LeaseName, "a", lease);
        using var b = LeaseLeaderElection.Create(clientB, Namespace, LeaseName, "b", lease);
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.OnStartedLeading += () => aLeads.TrySetResult();
        b.OnStartedLeading += () => bLeads.TrySetResult();

        // b may look at the lease only after a has renewed it since b's previous look: the lease is then fresh
        // whenever b looks, however slow the machine is. b keeps looking until more than two lease durations have
        // passed since its first look, so had a's renewals not counted, b would have taken over.
        var looks = new Lock();
        var seen = 0L;
        DateTimeOffset? firstLook = null;
        var lookedLongEnough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unheld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        followerTraffic.BeforeRead = async cancellationToken =>
        {
            long newest;
            lock (looks)
                newest = seen;
            await Task.WhenAny(leaderTraffic.WaitForWriteNewerThanAsync(newest, cancellationToken), unheld.Task);
        };
        followerTraffic.AfterRead = (version, sent) =>
        {
            lock (looks)
            {
                seen = Math.Max(seen, version);
                firstLook ??= sent;
                if (sent - firstLook > lease * 2)
                    lookedLongEnough.TrySetResult();
            }
        };

        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAndTryToHoldLeadershipForeverAsync(stopA.Token);
        await aLeads.Task.WaitAsync(Deadline);
        var runB = b.RunAndTryToHoldLeadershipForeverAsync(stopB.Token);
        try
        {
            await lookedLongEnough.Task.WaitAsync(Deadline);
            Assert.Null(followerTraffic.FirstWriteStart);
            Assert.False(bLeads.Task.IsCompleted);
            Assert.False(b.IsLeader());
            Assert.Equal("a", b.GetLeader());
            Assert.True(a.IsLeader());

            // a stops renewing (KubernetesClient's elector does not release the lease): b takes over, but only once
            // the lease has not changed for a lease duration since b first saw its last state.
            await stopA.CancelAsync();
            await Swallow(runA);
            unheld.TrySetResult();
            await bLeads.Task.WaitAsync(Deadline);
            Assert.True(b.IsLeader());
            var waited = followerTraffic.FirstWriteStart!.Value - followerTraffic.TakeoverBasis!.Value;
            Assert.True(waited >= lease, $"b wrote the lease {waited} after it first saw a's last renewal; the lease lasts {lease}");
        }
        finally
        {
            unheld.TrySetResult();
            await stopA.CancelAsync();
            await stopB.CancelAsync();
            await Task.WhenAll(Swallow(runA), Swallow(runB));
        }
    }

    [Fact]
    public async Task A_leader_that_loses_its_lease_stops_its_work_and_does_not_take_the_lease_back()
    {
        using var traffic = new LeaseTraffic(LeaseName);
        using var client = ClientThrough(traffic);
        var election = new KubernetesLeaderElection(client, Namespace, "a", NullLogger<KubernetesLeaderElection>.Instance);
        var working = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leads = 0;
        using var stop = new CancellationTokenSource();
        var run = election.RunAsync(LeaseName, async cancellationToken =>
        {
            Interlocked.Increment(ref leads);
            working.TrySetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            finally
            {
                stopped.TrySetResult();
            }
        }, stop.Token);
        try
        {
            await working.Task.WaitAsync(Deadline);

            // Another replica takes the lease (as after a's renewals got stuck) and keeps it: before each of a's
            // reads the test renews it for b, so a always finds it freshly held by b, however slow the machine is.
            var stolen = 0;
            traffic.BeforeRead = _ =>
            {
                if (Volatile.Read(ref stolen) == 1)
                    RenewLease("b");
                return Task.CompletedTask;
            };
            RenewLease("b");
            Volatile.Write(ref stolen, 1);

            // a notices within its renew deadline (10 s) and cancels the work it did as leader.
            await stopped.Task.WaitAsync(Deadline);
            Assert.Equal("b", LeaseHolder());
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
        Assert.Equal(1, leads);
        Assert.Equal("b", LeaseHolder());
    }

    private IKubernetes ClientThrough(LeaseTraffic traffic) =>
        new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseUri.ToString() }, traffic);

    /// <summary>Writes the lease directly into the store as renewed just now by <paramref name="holder"/>.</summary>
    private void RenewLease(string holder)
    {
        var type = Server.Resources.Find("coordination.k8s.io", "v1", "leases")!;
        Server.Store.Patch(type, Namespace, LeaseName, current =>
        {
            var next = current.DeepClone().AsObject();
            var spec = next["spec"]!.AsObject();
            var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            if (spec["holderIdentity"]?.GetValue<string>() != holder)
            {
                spec["holderIdentity"] = holder;
                spec["acquireTime"] = now;
                spec["leaseTransitions"] = (spec["leaseTransitions"]?.GetValue<int>() ?? 0) + 1;
            }
            spec["renewTime"] = now;
            return next;
        }, statusOnly: false);
    }

    private string? LeaseHolder()
    {
        var type = Server.Resources.Find("coordination.k8s.io", "v1", "leases")!;
        return Server.Store.Get(type, Namespace, LeaseName).Node["spec"]?["holderIdentity"]?.GetValue<string>();
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
