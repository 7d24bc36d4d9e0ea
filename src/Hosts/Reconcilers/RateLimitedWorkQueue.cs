using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OpenLocal.Hosts.Reconcilers;

/// <summary>
/// A client-go style work queue: a key is queued at most once, never processed by two workers at
/// once (a key added while it is being processed runs again afterwards), and failing keys come back
/// with a per-key exponential back-off — so one bad node delays only itself (crds.md §3 triggers).
/// </summary>
public sealed class RateLimitedWorkQueue<TKey>(TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider time) : IDisposable
    where TKey : notnull
{
    private readonly Channel<TKey> _ready = Channel.CreateUnbounded<TKey>();
    private readonly Lock _sync = new();
    private readonly HashSet<TKey> _queued = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly HashSet<TKey> _dirty = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Queues the key now (no-op when it is already waiting).</summary>
    public void Add(TKey key)
    {
        lock (_sync)
        {
            if (_processing.Contains(key))
            {
                _dirty.Add(key);
                return;
            }
            if (_queued.Add(key))
                _ready.Writer.TryWrite(key);
        }
    }

    /// <summary>Queues the key after <paramref name="delay"/>.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        _ = DelayThenAddAsync(key, delay);
    }

    /// <summary>Queues the key after its back-off: base × 2^failures, capped at the maximum.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        int failures;
        lock (_sync)
        {
            failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
        }
        var delay = TimeSpan.FromTicks((long)Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(failures, 30))));
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Resets the key's back-off after a success.</summary>
    public void Forget(TKey key)
    {
        lock (_sync)
            _failures.Remove(key);
    }

    /// <summary>
    /// Runs <paramref name="workers"/> concurrent workers until cancelled. An exception from
    /// <paramref name="reconcile"/> is logged and retried with back-off; it never stops the queue.
    /// </summary>
    public async Task RunAsync(int workers, Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reconcile);
        ArgumentNullException.ThrowIfNull(logger);
        using var registration = cancellationToken.Register(() => _stopping.Cancel());
        var tasks = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => WorkAsync(reconcile, logger, cancellationToken)).ToArray();
        await Task.WhenAll(tasks);
    }

    private async Task WorkAsync(Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var key in _ready.Reader.ReadAllAsync(cancellationToken))
            {
                lock (_sync)
                {
                    _queued.Remove(key);
                    _processing.Add(key);
                }
                try
                {
                    var result = await reconcile(key, cancellationToken);
                    if (result.Backoff)
                    {
                        AddRateLimited(key);
                    }
                    else
                    {
                        Forget(key);
                        if (result.RequeueAfter is { } after)
                            AddAfter(key, after);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var delay = AddRateLimited(key);
                    logger.LogWarning(ex, "reconcile of {Key} failed; retrying in {Delay}", key, delay);
                }
                finally
                {
                    bool again;
                    lock (_sync)
                    {
                        _processing.Remove(key);
                        again = _dirty.Remove(key);
                    }
                    if (again)
                        Add(key);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown or lost leadership.
        }
    }

    private async Task DelayThenAddAsync(TKey key, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time, _stopping.Token);
            Add(key);
        }
        catch (OperationCanceledException)
        {
            // The queue stopped; the key is dropped with it.
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
