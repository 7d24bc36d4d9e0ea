using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Fake;

/// <summary>
/// Scripted misbehaviour of one fake port: the next N calls (optionally of one member) fail with a
/// given <see cref="FailureKind"/>, or wait at a <see cref="FakeGate"/> until the test opens it.
/// Gates are checked before failures, so a delayed call can still fail afterwards.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _sync = new();
    private readonly List<PlannedFailure> _failures = [];
    private readonly List<PlannedGate> _gates = [];

    /// <summary>Every call so far, as "Member" in call order (for assertions on what a use case did).</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_sync)
                return [.. _calls];
        }
    }

    private readonly List<string> _calls = [];

    /// <summary>The next <paramref name="count"/> calls (of <paramref name="member"/>, or of any member) throw.</summary>
    public void FailNext(int count, FailureKind kind, string? member = null, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_sync)
            _failures.Add(new PlannedFailure(member, kind, message ?? $"injected {kind} failure", count));
    }

    /// <summary>The next <paramref name="count"/> calls (of <paramref name="member"/>, or any) wait until the gate opens.</summary>
    public FakeGate GateNext(int count = 1, string? member = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var gate = new FakeGate();
        lock (_sync)
            _gates.Add(new PlannedGate(member, gate, count));
        return gate;
    }

    /// <summary>Called first by every fake port member.</summary>
    internal async Task BeforeCallAsync(string member, CancellationToken cancellationToken)
    {
        FakeGate? gate = null;
        lock (_sync)
        {
            _calls.Add(member);
            var index = _gates.FindIndex(g => g.Member is null || g.Member == member);
            if (index >= 0)
            {
                var planned = _gates[index];
                gate = planned.Gate;
                if (planned.Remaining == 1)
                    _gates.RemoveAt(index);
                else
                    _gates[index] = planned with { Remaining = planned.Remaining - 1 };
            }
        }
        if (gate is not null)
            await gate.PassAsync(cancellationToken).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
        {
            var index = _failures.FindIndex(f => f.Member is null || f.Member == member);
            if (index < 0)
                return;
            var planned = _failures[index];
            if (planned.Remaining == 1)
                _failures.RemoveAt(index);
            else
                _failures[index] = planned with { Remaining = planned.Remaining - 1 };
            throw new StorageException(planned.Kind, $"{member}: {planned.Message}");
        }
    }

    private sealed record PlannedFailure(string? Member, FailureKind Kind, string Message, int Remaining);

    private sealed record PlannedGate(string? Member, FakeGate Gate, int Remaining);
}

/// <summary>A closed door for fake calls: <see cref="Reached"/> completes when a call waits here; <see cref="Open"/> lets every waiting and later call pass.</summary>
public sealed class FakeGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first gated call arrives.</summary>
    public Task Reached => _reached.Task;

    public void Open() => _opened.TrySetResult();

    internal async Task PassAsync(CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await _opened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
