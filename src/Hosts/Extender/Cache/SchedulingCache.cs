using System.Security.Cryptography;
using System.Text;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Hosts.Extender.Cache;

/// <summary>
/// The extender's watch-fed model of the cluster (extender.md §6). Readers take <see cref="Current"/>
/// (one volatile read, no lock). Writers — the watch loops — apply events one at a time under a
/// writer-only gate: each event updates the ledger keyed by volume id, rebuilds only the nodes it
/// touched and publishes a new <see cref="ClusterSnapshot"/> (copy-on-write of the node map).
/// Every apply is idempotent: state is recomputed from the current objects by id, never
/// incremented, so resyncs and relists cannot double count (known-defects E10, E11).
/// </summary>
public sealed partial class SchedulingCache
{
    private readonly Lock _writer = new();
    private readonly Dictionary<string, NodeStorageReport> _reports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VolumeRecord> _volumes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _volumesByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _inlineByPod = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, SnapshotRecord>> _snapshotsByNode = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly SharedStrings _strings = new();
    private readonly NodeHostnames _hostnames = new();
    private readonly Dictionary<string, PersistentVolumeFact> _pvs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _pvsByHost = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pvByClaim = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodFact> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _podsByClaim = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClaimAssumption> _assumptions = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private ITimer? _expiry;
    private ClusterSnapshot _current = ClusterSnapshot.Empty;
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastEventTicks;

    public SchedulingCache(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _lastEventTicks = _clock.GetUtcNow().UtcTicks;
    }

    public ClusterSnapshot Current => Volatile.Read(ref _current);

    /// <summary>When the last event was applied (for <c>openlocal_extender_cache_staleness_seconds</c>).</summary>
    public DateTimeOffset LastEventAt => new(Interlocked.Read(ref _lastEventTicks), TimeSpan.Zero);

    /// <summary>Completes when a snapshot satisfying <paramref name="condition"/> is published (or already is).</summary>
    public async Task<ClusterSnapshot> WaitForAsync(Func<ClusterSnapshot, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            var next = Volatile.Read(ref _published).Task;
            var current = Current;
            if (condition(current))
                return current;
            await next.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Called once every watch has delivered its initial list.</summary>
    public void MarkReady() => Publish(s => s with { IsReady = true });

    // ---- NodeLocalStorage: rebuild the node on any change; delete removes it (E16).

    public void ApplyNodeStorage(NodeStorageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_writer)
        {
            _reports[report.NodeName] = report;
            _dirty.Add(report.NodeName);
            Commit(null);
        }
    }

    public void DeleteNodeStorage(string nodeName)
    {
        lock (_writer)
        {
            _reports.Remove(nodeName);
            _dirty.Add(nodeName);
            Commit(null);
        }
    }

    // ---- LocalVolume: counts from creation, before any PV exists (DESIGN decision 2).

    public void ApplyLocalVolume(LocalVolumeFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        lock (_writer)
        {
            var source = new VolumeRecord.LedgerSource(_strings.Get(fact.NodeName), fact.Type, _strings.Get(fact.Pool), fact.SpecBytes)
            {
                CapacityBytes = fact.StatusBytes,
                ReadOnlyRestore = fact.ReadOnlyRestore,
            };
            Update(fact.VolumeId, r => r with { FromLocalVolume = source });
            DropAssumptionRealizedBy(fact.ClaimKey, fact.VolumeId, Math.Max(fact.SpecBytes, fact.StatusBytes));
            Commit(null);
        }
    }

    public void DeleteLocalVolume(string volumeId)
    {
        lock (_writer)
        {
            Update(volumeId, r => r with { FromLocalVolume = null });
            Commit(null);
        }
    }

    // ---- PersistentVolume of our driver (Pending PVs are not placed yet and are skipped). The PV
    // names its node by the kubernetes.io/hostname label value; it is resolved to the node name
    // through the Node feed, now and whenever that mapping changes.

    public void ApplyPersistentVolume(PersistentVolumeFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        if (fact.Phase == "Pending")
            return;
        lock (_writer)
        {
            fact = Shared(fact);
            ForgetPersistentVolume(fact.VolumeId);
            _pvs[fact.VolumeId] = fact;
            Index(_pvsByHost, fact.NodeName, fact.VolumeId);
            if (fact.ClaimKey is { } claim)
                _pvByClaim[claim] = fact.VolumeId;
            var placed = PlacePersistentVolume(fact);
            DropAssumptionRealizedBy(fact.ClaimKey, fact.VolumeId, fact.CapacityBytes);
            Commit(s => s with { PersistentVolumes = s.PersistentVolumes.SetItem(fact.Name, placed) });
        }
    }

    public void DeletePersistentVolume(PersistentVolumeFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        lock (_writer)
        {
            ForgetPersistentVolume(fact.VolumeId);
            Update(fact.VolumeId, r => r with { FromPersistentVolume = null });
            Commit(s => s with { PersistentVolumes = s.PersistentVolumes.Remove(fact.Name) });
        }
    }

    // ---- Node: only its hostname label matters. A change re-places the PVs naming the old or the
    // new hostname (idempotent: recomputed from the stored PV facts, keyed by volume id).

    public void ApplyNode(NodeFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        lock (_writer)
        {
            if (_hostnames.Set(fact.Name, fact.Hostname) is not { } affected)
                return; // status heartbeats: nothing the cache keeps has changed
            _dirty.Add(fact.Name);
            Commit(ReplacePersistentVolumes(affected));
        }
    }

    public void DeleteNode(string name)
    {
        lock (_writer)
        {
            if (_hostnames.Remove(name) is not { } affected)
                return;
            _dirty.Add(name);
            Commit(ReplacePersistentVolumes(affected));
        }
    }

    // ---- Pods: inline volumes count from binding (spec.nodeName) until the pod terminates or
    // is deleted (E15), under the id kubelet gives them, so their LocalVolume replaces them.

    public void ApplyPod(PodFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        lock (_writer)
        {
            RemoveInline(fact.Uid);
            ForgetPod(fact.Uid);
            // Only pods with claims are kept: the compatibility API looks a claim's pod up (§7).
            if (!fact.Terminated && fact.ClaimNames.Count > 0)
            {
                _pods[fact.Uid] = fact;
                foreach (var claim in fact.ClaimNames)
                    Index(_podsByClaim, fact.Namespace + "/" + claim, fact.Uid);
            }
            if (fact.NodeName is { Length: > 0 } node && !fact.Terminated && fact.InlineVolumes.Count > 0)
            {
                var ids = new string[fact.InlineVolumes.Count];
                for (var i = 0; i < ids.Length; i++)
                {
                    var inline = fact.InlineVolumes[i];
                    ids[i] = InlineVolumeId(fact.Uid, inline.VolumeName);
                    var source = new VolumeRecord.LedgerSource(node, VolumeType.LVM, inline.VolumeGroup, inline.SizeBytes);
                    Update(ids[i], r => r with { FromInlinePod = source });
                }
                _inlineByPod[fact.Uid] = ids;
            }
            Commit(null);
        }
    }

    public void DeletePod(string uid)
    {
        lock (_writer)
        {
            RemoveInline(uid);
            ForgetPod(uid);
            Commit(null);
        }
    }

    // ---- LocalSnapshot: COW LVs hold VG capacity; also where restores are pinned.

    public void ApplyLocalSnapshot(LocalSnapshotFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        lock (_writer)
        {
            RemoveSnapshot(fact.SnapshotId);
            if (!_snapshotsByNode.TryGetValue(fact.NodeName, out var onNode))
                _snapshotsByNode[fact.NodeName] = onNode = new Dictionary<string, SnapshotRecord>(StringComparer.Ordinal);
            onNode[fact.SnapshotId] = new SnapshotRecord(fact.SnapshotId, fact.NodeName, fact.VolumeGroup, fact.Bytes);
            _dirty.Add(fact.NodeName);
            Commit(s => s with { LocalSnapshots = s.LocalSnapshots.SetItem(fact.SnapshotId, fact) });
        }
    }

    public void DeleteLocalSnapshot(string snapshotId)
    {
        lock (_writer)
        {
            RemoveSnapshot(snapshotId);
            Commit(s => s with { LocalSnapshots = s.LocalSnapshots.Remove(snapshotId) });
        }
    }

    // ---- Objects read at request time only (not node state).

    public void ApplyClaim(ClaimFact fact) => Publish(s => s with { Claims = s.Claims.SetItem(fact.Key, fact) });
    public void DeleteClaim(string ns, string name) => Publish(s => s with { Claims = s.Claims.Remove(ns + "/" + name) });
    public void ApplyStorageClass(StorageClassFact fact) => Publish(s => s with { StorageClasses = s.StorageClasses.SetItem(fact.Name, fact) });
    public void DeleteStorageClass(string name) => Publish(s => s with { StorageClasses = s.StorageClasses.Remove(name) });
    public void ApplyVolumeSnapshot(VolumeSnapshotFact fact) => Publish(s => s with { VolumeSnapshots = s.VolumeSnapshots.SetItem(fact.Key, fact) });
    public void DeleteVolumeSnapshot(string ns, string name) => Publish(s => s with { VolumeSnapshots = s.VolumeSnapshots.Remove(ns + "/" + name) });
    public void ApplySnapshotContent(VolumeSnapshotContentFact fact) => Publish(s => s with { SnapshotContents = s.SnapshotContents.SetItem(fact.Name, fact) });
    public void DeleteSnapshotContent(string name) => Publish(s => s with { SnapshotContents = s.SnapshotContents.Remove(name) });

    /// <summary>kubelet's id for an inline volume: <c>csi-</c> + hex(SHA-256(podUID + volumeName)) (csi.md §3).</summary>
    public static string InlineVolumeId(string podUid, string volumeName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(podUid + volumeName));
        return "csi-" + Convert.ToHexStringLower(hash);
    }

    private void Publish(Func<ClusterSnapshot, ClusterSnapshot> change)
    {
        lock (_writer)
            Commit(change);
    }

    private void Update(string volumeId, Func<VolumeRecord, VolumeRecord> change)
    {
        var before = _volumes.GetValueOrDefault(volumeId) ?? new VolumeRecord { VolumeId = volumeId };
        var after = change(before);
        if (before.NodeName is { } oldNode)
        {
            _dirty.Add(oldNode);
            if (_volumesByNode.TryGetValue(oldNode, out var ids))
                ids.Remove(volumeId);
        }
        if (after.IsEmpty)
        {
            _volumes.Remove(volumeId);
            return;
        }
        _volumes[volumeId] = after;
        var node = after.NodeName!;
        _dirty.Add(node);
        if (!_volumesByNode.TryGetValue(node, out var set))
            _volumesByNode[node] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(volumeId);
    }

    // A PV repeats strings the cache already holds: its volume id (= usually its name), node and
    // pool. Keeping one instance of each halves the memory of 100,000 placed volumes.
    private PersistentVolumeFact Shared(PersistentVolumeFact fact)
    {
        var id = _volumes.TryGetValue(fact.VolumeId, out var record) ? record.VolumeId : fact.VolumeId;
        var name = string.Equals(fact.Name, id, StringComparison.Ordinal) ? id : fact.Name;
        var node = _strings.Get(fact.NodeName);
        var pool = _strings.Get(fact.Pool);
        return ReferenceEquals(id, fact.VolumeId) && ReferenceEquals(name, fact.Name) && ReferenceEquals(node, fact.NodeName) && ReferenceEquals(pool, fact.Pool)
            ? fact
            : fact with { VolumeId = id, Name = name, NodeName = node, Pool = pool };
    }

    // The PV as the snapshot shows it: on the node its hostname value resolves to.
    private PersistentVolumeFact PlacePersistentVolume(PersistentVolumeFact fact)
    {
        var node = _hostnames.Resolve(fact.NodeName);
        var source = new VolumeRecord.LedgerSource(node, fact.Type, fact.Pool, fact.CapacityBytes) { ReadOnlyRestore = fact.ReadOnlyRestore };
        Update(fact.VolumeId, r => r with { FromPersistentVolume = source });
        return string.Equals(node, fact.NodeName, StringComparison.Ordinal) ? fact : fact with { NodeName = node };
    }

    private Func<ClusterSnapshot, ClusterSnapshot>? ReplacePersistentVolumes(string[] hostnames)
    {
        List<PersistentVolumeFact>? placed = null;
        foreach (var hostname in hostnames)
        {
            if (!_pvsByHost.TryGetValue(hostname, out var ids))
                continue;
            foreach (var id in ids)
                (placed ??= []).Add(PlacePersistentVolume(_pvs[id]));
        }
        if (placed is null)
            return null;
        return s =>
        {
            var pvs = s.PersistentVolumes.ToBuilder();
            foreach (var pv in placed)
                pvs[pv.Name] = pv;
            return s with { PersistentVolumes = pvs.ToImmutable() };
        };
    }

    private void ForgetPersistentVolume(string volumeId)
    {
        if (!_pvs.Remove(volumeId, out var old))
            return;
        Unindex(_pvsByHost, old.NodeName, volumeId);
        if (old.ClaimKey is { } claim && _pvByClaim.TryGetValue(claim, out var id) && id == volumeId)
            _pvByClaim.Remove(claim);
    }

    private void ForgetPod(string uid)
    {
        if (!_pods.Remove(uid, out var old))
            return;
        foreach (var claim in old.ClaimNames)
            Unindex(_podsByClaim, old.Namespace + "/" + claim, uid);
    }

    private static void Index(Dictionary<string, HashSet<string>> index, string key, string id)
    {
        if (!index.TryGetValue(key, out var ids))
            index[key] = ids = new HashSet<string>(StringComparer.Ordinal);
        ids.Add(id);
    }

    private static void Unindex(Dictionary<string, HashSet<string>> index, string key, string id)
    {
        if (index.TryGetValue(key, out var ids) && ids.Remove(id) && ids.Count == 0)
            index.Remove(key);
    }

    private void RemoveInline(string podUid)
    {
        if (!_inlineByPod.Remove(podUid, out var ids))
            return;
        foreach (var id in ids)
            Update(id, r => r with { FromInlinePod = null });
    }

    private void RemoveSnapshot(string snapshotId)
    {
        foreach (var (node, onNode) in _snapshotsByNode)
        {
            if (onNode.Remove(snapshotId))
                _dirty.Add(node);
        }
    }

    // Rebuilds the touched nodes and swaps the snapshot reference. Caller holds the writer gate.
    private void Commit(Func<ClusterSnapshot, ClusterSnapshot>? change)
    {
        var snapshot = _current;
        if (_dirty.Count > 0)
        {
            var nodes = snapshot.Nodes;
            foreach (var name in _dirty)
            {
                nodes = _reports.TryGetValue(name, out var report)
                    ? nodes.Set(NodeSnapshot.Build(report, VolumesOn(name), SnapshotsOn(name), _hostnames.HostnameOf(name)))
                    : nodes.Remove(name);
            }
            _dirty.Clear();
            snapshot = snapshot with { Nodes = nodes };
        }
        if (change is not null)
            snapshot = change(snapshot);
        Volatile.Write(ref _current, snapshot);
        Interlocked.Exchange(ref _lastEventTicks, _clock.GetUtcNow().UtcTicks);
        Interlocked.Exchange(ref _published, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private IEnumerable<VolumeRecord> VolumesOn(string node)
    {
        if (!_volumesByNode.TryGetValue(node, out var ids))
            yield break;
        foreach (var id in ids)
            yield return _volumes[id];
    }

    private IEnumerable<SnapshotRecord> SnapshotsOn(string node) =>
        _snapshotsByNode.TryGetValue(node, out var onNode) ? onNode.Values : [];
}
