using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Tests.Scheduling;

/// <summary>
/// The request thread evaluates every part itself if need be and never waits for a helper
/// (ADR-0046); a helper still inside a part makes the caller abandon its buffers.
/// </summary>
public sealed class CandidateSweepTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Every_candidate_is_evaluated_with_helpers()
    {
        const int count = 10_000;
        var hits = new int[count];

        CandidateSweep.Run(count, parts: 37, helpers: 3, (start, end) =>
        {
            for (var i = start; i < end; i++)
                Interlocked.Increment(ref hits[i]);
        }, abandon: () => { });

        Assert.All(hits, h => Assert.InRange(h, 1, 2));
    }

    [Fact]
    public void Without_helpers_the_request_thread_evaluates_everything_at_once_and_keeps_its_buffers()
    {
        var ranges = new List<(int, int)>();
        var abandoned = false;

        CandidateSweep.Run(500, parts: 8, helpers: 0, (start, end) => ranges.Add((start, end)), () => abandoned = true);

        Assert.Equal([(0, 500)], ranges);
        Assert.False(abandoned);
    }

    [Fact]
    public void The_request_thread_does_not_wait_for_a_helper_stuck_in_a_part()
    {
        const int count = 1_000;
        var requestThread = Environment.CurrentManagedThreadId;
        using var helperInside = new ManualResetEventSlim();
        using var releaseHelper = new ManualResetEventSlim();
        var results = new int[count];
        var abandoned = false;

        try
        {
            CandidateSweep.Run(count, parts: 4, helpers: 1, (start, end) =>
            {
                if (Environment.CurrentManagedThreadId != requestThread)
                {
                    // The helper: claims a part, then hangs in it like a preempted thread.
                    helperInside.Set();
                    releaseHelper.Wait(Bound);
                    return;
                }
                Assert.True(helperInside.Wait(Bound), "the helper never started");
                for (var i = start; i < end; i++)
                    results[i] = i + 1;
            }, () => abandoned = true);

            // Returned while the helper is still inside its part: the request thread did that part too.
            Assert.Equal(Enumerable.Range(1, count), results);
            Assert.True(abandoned);
        }
        finally
        {
            releaseHelper.Set();
        }
    }

    [Fact]
    public void A_failing_part_fails_the_request_whichever_thread_met_it_first()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            CandidateSweep.Run(4_000, parts: 16, helpers: 2, (start, end) =>
            {
                if (start <= 3_333 && 3_333 < end)
                    throw new InvalidOperationException("candidate 3333");
            }, abandon: () => { }));

        Assert.Equal("candidate 3333", error.Message);
    }

    [Fact]
    public void Abandoned_buffers_stay_intact_after_dispose_for_the_late_helper()
    {
        var args = new ExtenderArgs { NodeNames = new NodeNameList() };
        args.NodeNames.Add("node-1");
        var verdicts = new FilterVerdicts(args, 1);
        var scores = new PriorityScores(args, 1);
        verdicts.Record(0, "no room", "node-1");

        args.Abandon();
        verdicts.Abandon();
        scores.Abandon();
        args.Dispose();
        verdicts.Dispose();
        scores.Dispose();

        // A helper still inside its part reads the names and writes its slot without failing.
        Assert.Equal("node-1", args.Candidates.NameAt(0));
        verdicts.Record(0, "no room", "node-1");
        scores.Slots[0] = 7;
        Assert.Equal("no room", verdicts.FailureAt(0));
    }
}
