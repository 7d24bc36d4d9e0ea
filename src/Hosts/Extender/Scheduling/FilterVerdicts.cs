using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>
/// The outcome of one <c>predicates</c> call, candidate by candidate in request order: null when
/// the node fits, else the failure text and the node's name as a string. Passing candidates are
/// answered with the request's own UTF-8 name bytes (ADR-0041), so the common case touches no
/// string at all. The arrays are pooled: dispose once the answer is written.
/// </summary>
public sealed class FilterVerdicts : IDisposable
{
    private string?[] _failures;
    private string?[] _failedNames;
    private bool _abandoned;

    internal FilterVerdicts(ExtenderArgs request, int count)
    {
        Request = request;
        Count = count;
        _failures = PooledArray.Rent<string?>(count);
        _failedNames = PooledArray.Rent<string?>(count);
    }

    /// <summary>The request the verdicts answer; its names and node objects are written back.</summary>
    public ExtenderArgs Request { get; }

    public int Count { get; }

    public int FailedCount { get; private set; }

    /// <summary>Null when candidate <paramref name="index"/> fits.</summary>
    public string? FailureAt(int index) => _failures[index];

    /// <summary>The name of a failed candidate (the cache's string for known nodes).</summary>
    public string? FailedNameAt(int index) => _failedNames[index];

    /// <summary>Every index is recorded once: pooled arrays may hold another request's entries.</summary>
    internal void Record(int index, string? failure, string? failedName)
    {
        _failures[index] = failure;
        _failedNames[index] = failedName;
    }

    internal void CountFailures()
    {
        var failed = 0;
        for (var i = 0; i < Count; i++)
            failed += _failures[i] is null ? 0 : 1;
        FailedCount = failed;
    }

    /// <summary>
    /// <c>FailedAndUnresolvableNodes</c>: one entry per failed candidate in request order (storage
    /// failures are not solved by preempting pods, §3.2, E19); a name listed twice appears once.
    /// </summary>
    public Dictionary<string, string> Failures()
    {
        var failures = new Dictionary<string, string>(FailedCount, StringComparer.Ordinal);
        for (var i = 0; FailedCount > 0 && i < Count; i++)
        {
            if (_failures[i] is { } failure)
                failures[_failedNames[i]!] = failure;
        }
        return failures;
    }

    /// <summary>The names of the candidates that fit, in request order, as strings (tests and tools).</summary>
    public List<string> PassedNames()
    {
        var passed = new List<string>(Count - FailedCount);
        for (var i = 0; i < Count; i++)
        {
            if (_failures[i] is null)
                passed.Add(Request.Candidates.NameAt(i));
        }
        return passed;
    }

    /// <summary>A late evaluation helper may still write here (ADR-0046): Dispose leaves the arrays to the GC.</summary>
    internal void Abandon() => _abandoned = true;

    public void Dispose()
    {
        if (_abandoned)
            return;
        PooledArray.Return(ref _failures, clearArray: true);
        PooledArray.Return(ref _failedNames, clearArray: true);
    }
}
