using OpenLocal.Domain.Scheduling;

namespace OpenLocal.Hosts.Extender.Cache;

// The compatibility provisioning API's reservations (extender.md §7, ADR-0042). They are ledger
// entries like any other: recorded under the writer gate and published through the same node
// rebuild, so the request path reads them from the snapshot without a lookup or a lock.
public sealed partial class SchedulingCache
{
    /// <summary>How long an assumption counts if no PV or LocalVolume shows up for its claim.</summary>
    public static readonly TimeSpan AssumptionLease = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs <paramref name="decide"/> under the writer gate with a view of the writer state, then
    /// records the assumptions it returns (each for <see cref="AssumptionLease"/>) and publishes.
    /// Concurrent callers are serialised, so a claim is never assumed twice.
    /// </summary>
    public void Assume(Func<ClaimLedgerView, IReadOnlyList<ClaimAssumption>> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        lock (_writer)
        {
            // Expired assumptions go first, and are published, so that decide sees the node without them.
            if (PruneExpiredAssumptions())
            {
                ArmAssumptionExpiry();
                Commit(null);
            }
            var assumptions = decide(new ClaimLedgerView(this));
            if (assumptions.Count == 0)
                return;
            var expiresAt = _clock.GetUtcNow() + AssumptionLease;
            foreach (var assumption in assumptions)
                RecordAssumption(assumption with { ExpiresAt = expiresAt });
            ArmAssumptionExpiry();
            Commit(null);
        }
    }

    private void RecordAssumption(ClaimAssumption assumption)
    {
        DropAssumption(assumption.ClaimKey);
        _assumptions[assumption.ClaimKey] = assumption;
        var source = new VolumeRecord.LedgerSource(assumption.NodeName, assumption.Type, assumption.Pool, assumption.SizeBytes)
        {
            ReadOnlyRestore = assumption.ReadOnlyRestore,
        };
        Update(assumption.VolumeId, r => r with { FromAssumption = source });
    }

    // A PV or LocalVolume for the claim makes its assumption redundant (for an expansion: once it
    // reports the new size). Caller holds the writer gate.
    private void DropAssumptionRealizedBy(string? claimKey, string volumeId, long bytes)
    {
        if (claimKey is not null && _assumptions.TryGetValue(claimKey, out var assumption) && assumption.IsSatisfiedBy(volumeId, bytes))
            DropAssumption(claimKey);
    }

    private void DropAssumption(string claimKey)
    {
        if (_assumptions.Remove(claimKey, out var assumption))
            Update(assumption.VolumeId, r => r with { FromAssumption = null });
    }

    private bool PruneExpiredAssumptions()
    {
        if (_assumptions.Count == 0)
            return false;
        var now = _clock.GetUtcNow();
        List<string>? expired = null;
        foreach (var (claim, assumption) in _assumptions)
        {
            if (assumption.ExpiresAt <= now)
                (expired ??= []).Add(claim);
        }
        if (expired is null)
            return false;
        foreach (var claim in expired)
            DropAssumption(claim);
        return true;
    }

    // One timer, armed for the earliest expiry: a quiet cluster (no events to piggy-back on) must
    // still release an abandoned reservation on time (ADR-0042).
    private void ArmAssumptionExpiry()
    {
        var due = Timeout.InfiniteTimeSpan;
        if (_assumptions.Count > 0)
        {
            var earliest = DateTimeOffset.MaxValue;
            foreach (var assumption in _assumptions.Values)
            {
                if (assumption.ExpiresAt < earliest)
                    earliest = assumption.ExpiresAt;
            }
            due = earliest - _clock.GetUtcNow();
            if (due < TimeSpan.Zero)
                due = TimeSpan.Zero;
        }
        if (_expiry is null)
        {
            if (due != Timeout.InfiniteTimeSpan)
                _expiry = _clock.CreateTimer(static state => ((SchedulingCache)state!).ExpireAssumptions(), this, due, Timeout.InfiniteTimeSpan);
            return;
        }
        _expiry.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void ExpireAssumptions()
    {
        lock (_writer)
        {
            if (PruneExpiredAssumptions())
                Commit(null);
            ArmAssumptionExpiry();
        }
    }

    /// <summary>
    /// What the compatibility API may read while it decides, valid only inside
    /// <see cref="Assume"/> (it reads the writer state directly).
    /// </summary>
    public sealed class ClaimLedgerView
    {
        private readonly SchedulingCache _cache;

        internal ClaimLedgerView(SchedulingCache cache) => _cache = cache;

        /// <summary>The snapshot as of the last event (the writer state and it agree under the gate).</summary>
        public ClusterSnapshot Snapshot => _cache._current;

        public ClaimAssumption? AssumptionOf(string claimKey) => _cache._assumptions.GetValueOrDefault(claimKey);

        /// <summary>The claim's PV (node resolved from its hostname), if a placed PV names it.</summary>
        public PersistentVolumeFact? VolumeOf(string claimKey)
        {
            if (!_cache._pvByClaim.TryGetValue(claimKey, out var id))
                return null;
            var pv = _cache._pvs[id];
            return pv with { NodeName = _cache._hostnames.Resolve(pv.NodeName) };
        }

        /// <summary>True when the claim already counts in the ledger: a PV or an assumption holds it.</summary>
        public bool IsPlaced(string claimKey) => _cache._assumptions.ContainsKey(claimKey) || _cache._pvByClaim.ContainsKey(claimKey);

        /// <summary>Bytes the ledger holds for <paramref name="volumeId"/> (0 if unknown).</summary>
        public long LedgerBytes(string volumeId) => _cache._volumes.TryGetValue(volumeId, out var record) ? record.LedgerBytes : 0;

        /// <summary>Non-terminated pods that use the claim, ordered by UID.</summary>
        public IReadOnlyList<PodFact> PodsUsing(string claimKey)
        {
            if (!_cache._podsByClaim.TryGetValue(claimKey, out var uids))
                return [];
            var pods = new List<PodFact>(uids.Count);
            foreach (var uid in uids)
                pods.Add(_cache._pods[uid]);
            pods.Sort(static (a, b) => string.CompareOrdinal(a.Uid, b.Uid));
            return pods;
        }
    }
}
