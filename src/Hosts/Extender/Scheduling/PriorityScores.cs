using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>
/// The outcome of one <c>priorities</c> call: one score per candidate, in request order, in a
/// pooled array. Dispose once the answer is written.
/// </summary>
public sealed class PriorityScores : IDisposable
{
    private int[] _scores;
    private bool _abandoned;

    internal PriorityScores(ExtenderArgs request, int count)
    {
        Request = request;
        Count = count;
        _scores = PooledArray.Rent<int>(count);
    }

    /// <summary>The request the scores answer; its names are written back.</summary>
    public ExtenderArgs Request { get; }

    public int Count { get; }

    public ReadOnlySpan<int> Values => _scores.AsSpan(0, Count);

    internal int[] Slots => _scores;

    /// <summary>A late evaluation helper may still write here (ADR-0046): Dispose leaves the array to the GC.</summary>
    internal void Abandon() => _abandoned = true;

    public void Dispose()
    {
        if (_abandoned)
            return;
        PooledArray.Return(ref _scores);
    }
}
