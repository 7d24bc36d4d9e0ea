using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;

namespace OpenLocal.Hosts.Extender.Compat;

/// <summary>
/// The compatibility provisioning API (extender.md §7, ADR-0042): an open-local CSI controller asks
/// which VG or device a PVC gets on the node kube-scheduler chose. The answer is reserved as an
/// assumption in the ledger so that the following filter and prioritize calls see the space as
/// used. Everything is decided under the cache's writer gate: concurrent calls for one PVC get the
/// same answer and one reservation. Refusals are <see cref="StorageException"/>s; the endpoint maps
/// their kind to the HTTP status.
/// </summary>
public sealed class ClaimScheduler(SchedulingCache cache, ExtenderOptions options)
{
    public BindingInfo Schedule(string ns, string name, string? nodeName)
    {
        var key = ns + "/" + name;
        BindingInfo? answer = null;
        cache.Assume(view =>
        {
            var cluster = view.Snapshot;
            if (!cluster.IsReady)
                throw StorageException.Unavailable(FitMessages.CacheNotReady);
            if (!cluster.Claims.TryGetValue(key, out var claim))
                throw StorageException.NotFound($"pvc {key} not found in the extender's cache");
            var expansion = IsExpansion(claim);
            if (claim.Phase != "Pending" && !expansion)
                throw StorageException.FailedPrecondition($"invalid status for scheduling pvc {key}: unexpected phase {claim.Phase}");
            if (string.IsNullOrEmpty(nodeName))
                throw StorageException.InvalidArgument("nodeName is required");
            if (view.AssumptionOf(key) is { } existing)
            {
                answer = BindingInfo.Of(existing);
                return [];
            }
            // A retry after the volume was created (its PV ended the assumption): same answer, nothing new to hold.
            if (!expansion && view.VolumeOf(key) is { } provisioned)
            {
                answer = BindingInfo.Of(key, provisioned.NodeName, provisioned.Type, provisioned.Pool);
                return [];
            }
            var assumptions = expansion ? [Expand(view, claim, nodeName)] : PlaceWithPod(view, claim, nodeName);
            answer = BindingInfo.Of(FindClaim(assumptions, key));
            return assumptions;
        });
        return answer!;
    }

    // open-local: a Bound PVC whose request differs from its capacity is being expanded.
    private static bool IsExpansion(ClaimFact claim) =>
        claim.Phase == "Bound" && (claim.RequestBytes > 0 ? claim.RequestBytes : claim.LimitBytes) != claim.CapacityBytes;

    // New volumes: every unplaced claim of the pod on this node, as the predicates placed them.
    private IReadOnlyList<ClaimAssumption> PlaceWithPod(SchedulingCache.ClaimLedgerView view, ClaimFact claim, string nodeName)
    {
        var cluster = view.Snapshot;
        var pod = ClaimPod.Choose(view.PodsUsing(claim.Key), nodeName);
        var podName = pod is null ? "(none)" : pod.Namespace + "/" + pod.Name;
        var demands = PodDemandResolver.Resolve(ClaimPod.ToWire(pod, claim.Namespace, claim.Name, view.IsPlaced), cluster);
        if (demands.RequestFailure is { } requestFailure)
            throw StorageException.FailedPrecondition($"failed to allocate local storage for pvc {claim.Key}: {requestFailure}");
        var claims = 0;
        var found = false;
        foreach (var demand in demands.PlacementOrder)
        {
            if (demand.Inline)
                continue;
            claims++;
            found |= demand.Key == claim.Key;
        }
        if (!found)
            throw StorageException.FailedPrecondition($"pvc {claim.Key} is not provisioned by open-local: its StorageClass '{claim.StorageClassName}' does not name local.csi.aliyun.com");
        var node = cluster.FindNode(nodeName);
        if (StorageFit.Check(node, nodeName, demands, options.Strategy, SchedulingScratch.ForCurrentThread()) is { } failure)
            throw StorageException.InsufficientCapacity($"failed to allocate local storage for pvc {claim.Key}: {failure}");

        var units = PodPlacement.Place(node!, demands, options.Strategy);
        var assumptions = new List<ClaimAssumption>(claims);
        foreach (var unit in units)
        {
            var d = unit.Demand;
            if (!d.Inline)
                assumptions.Add(new ClaimAssumption(d.Key, ClaimAssumption.NewVolumeId(d.Key), nodeName, d.Type, unit.Pool, d.SizeBytes) { ReadOnlyRestore = !d.ConsumesCapacity });
        }
        // open-local answered `null` here and its CSI failed later with "Disk empty" (E8).
        if (assumptions.Count != claims)
            throw StorageException.Internal($"unexpected allocated unit number: {assumptions.Count} units for {claims} pvcs of pod {podName} on node {nodeName}");
        return assumptions;
    }

    // Expansion: the volume stays where its PV is; only the growth must fit in its VG.
    private static ClaimAssumption Expand(SchedulingCache.ClaimLedgerView view, ClaimFact claim, string nodeName)
    {
        var pv = view.VolumeOf(claim.Key)
            ?? throw StorageException.FailedPrecondition($"pvc {claim.Key} is Bound but the extender knows no open-local PersistentVolume for it");
        if (pv.NodeName != nodeName)
            throw StorageException.FailedPrecondition($"pvc {claim.Key} is bound to PersistentVolume {pv.Name} on node {pv.NodeName}, not on node {nodeName}");
        if (pv.Type != VolumeType.LVM)
            throw StorageException.FailedPrecondition($"expansion of pvc {claim.Key} is not supported: {pv.Type} volume {pv.Name} takes a whole {(pv.Type == VolumeType.Device ? "device" : "mount point")}");
        var requested = claim.RequestBytes > 0 ? claim.RequestBytes : claim.LimitBytes;
        var node = view.Snapshot.FindNode(nodeName);
        VolumeGroupState? vg = null;
        foreach (var candidate in node?.VolumeGroups ?? [])
        {
            if (candidate.Name == pv.Pool)
                vg = candidate;
        }
        if (vg is not { } group)
            throw StorageException.FailedPrecondition($"failed to expand pvc {claim.Key}: {FitMessages.NoSuchVolumeGroup(pv.Pool, nodeName)}");
        var growth = requested - view.LedgerBytes(pv.VolumeId);
        if (growth > group.Free)
            throw StorageException.InsufficientCapacity($"failed to expand pvc {claim.Key}: {FitMessages.InsufficientLvm(nodeName, group.Name, growth, group.Used, group.Capacity)}");
        return new ClaimAssumption(claim.Key, pv.VolumeId, nodeName, VolumeType.LVM, pv.Pool, requested) { Expansion = true };
    }

    private static ClaimAssumption FindClaim(IReadOnlyList<ClaimAssumption> assumptions, string key)
    {
        foreach (var assumption in assumptions)
        {
            if (assumption.ClaimKey == key)
                return assumption;
        }
        throw StorageException.Internal($"no unit was computed for pvc {key}");
    }
}
