using System.Collections.Concurrent;

namespace OpenLocal.Application.Capacity;

/// <summary>
/// One async lock per node: choosing space on a node and recording the choice happen under it, so
/// concurrent placements on one node are serialised and cannot over-commit it (csi.md §5.1).
/// Unlike <see cref="Pipeline.OperationLocks"/> a caller waits here: the critical section is short.
/// </summary>
public sealed class NodeLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string nodeName, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(nodeName, static _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                semaphore.Release();
        }
    }
}
