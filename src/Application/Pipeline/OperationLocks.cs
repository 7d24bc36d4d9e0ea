using System.Collections.Concurrent;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Application.Pipeline;

/// <summary>
/// In-flight operations of this process by id. A second operation on a busy id fails at once with
/// OperationInProgress (CSI: Aborted) instead of queueing: the sidecars retry with back-off.
/// </summary>
public sealed class OperationLocks
{
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    public IDisposable Acquire(string key)
    {
        if (!_inFlight.TryAdd(key, 0))
        {
            throw new StorageException(
                FailureKind.OperationInProgress,
                $"An operation with the given volume=\"{key}\" is already in progress");
        }
        return new Release(this, key);
    }

    public bool IsBusy(string key) => _inFlight.ContainsKey(key);

    private sealed class Release(OperationLocks owner, string key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner._inFlight.TryRemove(key, out _);
        }
    }
}
