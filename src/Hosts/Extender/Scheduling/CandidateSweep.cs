namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>
/// Evaluates a large request's candidates in parts: the request thread claims parts, and helpers
/// queued to the thread pool claim parts too, but the request thread never waits for a helper
/// (ADR-0046). When it runs out of parts, any part a helper claimed and has not finished, it
/// evaluates again itself. On a 2-vCPU VM a woken helper often starts a millisecond late or is
/// preempted mid-part; waiting for it (as Parallel.For does) made the slowest answers slower than
/// one thread alone.
/// </summary>
/// <remarks>
/// Evaluating a part twice is harmless: evaluation is pure and each candidate writes only its own
/// slot, the same value both times. But a helper still inside a part when the request is answered
/// may go on reading the request's buffers and writing the answer's: then <see cref="Run"/> calls
/// <c>abandon</c>, and the owners leave those buffers to the GC instead of returning them to the pool.
/// </remarks>
internal sealed class CandidateSweep : IThreadPoolWorkItem
{
    private readonly Action<int, int> _evaluate;
    private readonly int _count;
    private readonly int _parts;
    private readonly int[] _done;
    private int _claimed = -1;
    private int _helpersInside;
    private int _closed;

    private CandidateSweep(int count, int parts, Action<int, int> evaluate)
    {
        _count = count;
        _parts = parts;
        _evaluate = evaluate;
        _done = new int[parts];
    }

    /// <summary>
    /// Calls <paramref name="evaluate"/>(start, end) for ranges covering [0, <paramref name="count"/>)
    /// — some ranges twice — and returns once every range has been evaluated at least once.
    /// <paramref name="abandon"/> runs before returning (or throwing) if a helper may still be evaluating.
    /// </summary>
    public static void Run(int count, int parts, int helpers, Action<int, int> evaluate, Action abandon)
    {
        if (parts <= 1 || helpers <= 0)
        {
            evaluate(0, count);
            return;
        }
        var sweep = new CandidateSweep(count, parts, evaluate);
        for (var i = 0; i < Math.Min(helpers, parts - 1); i++)
            ThreadPool.UnsafeQueueUserWorkItem(sweep, preferLocal: false);
        try
        {
            sweep.ClaimParts();
            for (var part = 0; part < parts; part++)
            {
                if (Volatile.Read(ref sweep._done[part]) == 0)
                    sweep.Evaluate(part);
            }
        }
        finally
        {
            // Full fences on both sides: a helper either sees the sweep closed before it touches
            // anything, or is counted inside here.
            Interlocked.Exchange(ref sweep._closed, 1);
            if (Volatile.Read(ref sweep._helpersInside) > 0)
                abandon();
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        Interlocked.Increment(ref _helpersInside);
        try
        {
            if (Volatile.Read(ref _closed) == 0)
                ClaimParts();
        }
#pragma warning disable CA1031 // The request thread evaluates an unfinished part again and meets the same exception there.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
        finally
        {
            Interlocked.Decrement(ref _helpersInside);
        }
    }

    private void ClaimParts()
    {
        int part;
        while ((part = Interlocked.Increment(ref _claimed)) < _parts)
            Evaluate(part);
    }

    private void Evaluate(int part)
    {
        _evaluate((int)((long)_count * part / _parts), (int)((long)_count * (part + 1) / _parts));
        Volatile.Write(ref _done[part], 1);
    }
}
