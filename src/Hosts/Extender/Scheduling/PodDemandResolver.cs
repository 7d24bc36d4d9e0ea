using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Scheduling;

/// <summary>
/// Turns the pod of a request into its <see cref="PodDemands"/> (extender.md §4.1), once per
/// request, reading PVCs, StorageClasses and snapshots from the same <see cref="ClusterSnapshot"/>
/// the nodes are evaluated against.
/// </summary>
public static class PodDemandResolver
{
    /// <summary>Both names are ours (csi.md §1): the default and the ACK-distro legacy name.</summary>
    public static bool IsOurDriver(string? driver) => driver is "local.csi.aliyun.com" or "yodaplugin.csi.alibabacloud.com";

    private static readonly long DefaultInlineSize = 1L << 30;

    public static PodDemands Resolve(PodWire? pod, ClusterSnapshot cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var volumes = pod?.Spec?.Volumes;
        if (volumes is null || !HasStorageVolume(volumes))
            return PodDemands.Skip;
        var ns = pod!.Metadata?.Namespace ?? "default";
        var podName = pod.Metadata?.Name ?? "";
        var demands = new List<StorageDemand>(volumes.Count);
        foreach (var volume in volumes)
        {
            string? failure;
            if (volume.PersistentVolumeClaim is { } pvc)
                failure = AddClaim(cluster, ns, pvc.ClaimName ?? "", demands);
            else if (volume.Ephemeral is not null)
                failure = AddClaim(cluster, ns, podName + "-" + volume.Name, demands);
            else if (volume.Csi is { } csi && IsOurDriver(csi.Driver))
                failure = AddInline(ns, podName, volume.Name ?? "", csi, demands);
            else
                failure = null;
            if (failure is not null)
                return PodDemands.Failed(failure);
        }
        return PodDemands.Of(demands);
    }

    // NeedSkip: no volume of kind persistentVolumeClaim, csi or ephemeral.
    private static bool HasStorageVolume(List<VolumeWire> volumes)
    {
        foreach (var v in volumes)
        {
            if (v.PersistentVolumeClaim is not null || v.Csi is not null || v.Ephemeral is not null)
                return true;
        }
        return false;
    }

    private static string? AddClaim(ClusterSnapshot cluster, string ns, string claimName, List<StorageDemand> demands)
    {
        var key = ns + "/" + claimName;
        if (!cluster.Claims.TryGetValue(key, out var claim))
            return $"pvc {key} not found";
        // Bound PVCs are placed already: the PV's node affinity pins the pod (§4.1).
        if (claim.Phase == "Bound" || string.IsNullOrEmpty(claim.StorageClassName))
            return null;
        if (!cluster.StorageClasses.TryGetValue(claim.StorageClassName, out var sc))
            return $"storage class {claim.StorageClassName} of pvc {key} not found";
        if (!IsOurDriver(sc.Provisioner))
            return null;
        var parameters = sc.Parameters;
        // The same case-sensitive rule as CreateVolume and GetCapacity; empty is missing (ADR 0050).
        var typeText = parameters.GetValueOrDefault(StorageClassParameters.VolumeTypeKey);
        if (string.IsNullOrEmpty(typeText))
            return $"volumeType is required (LVM, Device or MountPoint) in storage class {claim.StorageClassName}! pvc: {key}";
        if (StorageClassParameters.ParseVolumeType(typeText) is not { } type)
            return $"volumeType {typeText} not support! pvc: {key}";
        MediaType? media = null;
        if (parameters.TryGetValue("mediaType", out var mediaText) && type != VolumeType.LVM)
        {
            switch (mediaText)
            {
                case "ssd": media = MediaType.Ssd; break;
                case "hdd": media = MediaType.Hdd; break;
                default: return $"mediaType {mediaText} not support! pvc: {key}";
            }
        }
        var demand = new StorageDemand
        {
            Key = key,
            Type = type,
            SizeBytes = claim.RequestBytes > 0 ? claim.RequestBytes : claim.LimitBytes,
            VolumeGroup = type == VolumeType.LVM ? NonEmpty(parameters.GetValueOrDefault("vgName")) : null,
            Media = media,
            Spdk = parameters.GetValueOrDefault("spdk") == "true",
        };
        if (claim.SnapshotSource is { } snapshotName)
        {
            var pin = ResolveSnapshot(cluster, ns, snapshotName, parameters, out var failure);
            if (pin is null)
                return failure;
            demand = demand with { Pin = pin, VolumeGroup = pin.VolumeGroup };
        }
        demands.Add(demand);
        return null;
    }

    // §4.1 step 4: VolumeSnapshot → VolumeSnapshotContent → snapshot id → LocalSnapshot.
    private static SnapshotPin? ResolveSnapshot(ClusterSnapshot cluster, string ns, string name, IReadOnlyDictionary<string, string> parameters, out string? failure)
    {
        var key = ns + "/" + name;
        failure = $"snapshot {key} is not ready";
        if (!cluster.VolumeSnapshots.TryGetValue(key, out var snapshot) || !snapshot.ReadyToUse || snapshot.BoundContentName is null)
            return null;
        if (!cluster.SnapshotContents.TryGetValue(snapshot.BoundContentName, out var content) || content.SnapshotHandle is null)
            return null;
        if (!cluster.LocalSnapshots.TryGetValue(content.SnapshotHandle, out var local))
            return null;
        // csi.md §8: the StorageClass may override the mode; else read-only iff the class said so.
        var mode = parameters.GetValueOrDefault("csi.aliyun.com/restore-mode") switch
        {
            "readonly" => RestoreMode.ReadOnly,
            "copy" => RestoreMode.Copy,
            _ => local.ReadOnly ? RestoreMode.ReadOnly : RestoreMode.Copy,
        };
        failure = null;
        return new SnapshotPin(key, local.NodeName, local.VolumeGroup, mode);
    }

    private static string? AddInline(string ns, string podName, string volumeName, CsiSourceWire csi, List<StorageDemand> demands)
    {
        var attributes = csi.VolumeAttributes;
        var vg = NonEmpty(attributes?.GetValueOrDefault("vgName"));
        var size = DefaultInlineSize;
        var sizeText = attributes?.GetValueOrDefault("size");
        if (vg is null || (sizeText is not null && !TryParseSize(sizeText, out size)))
            return $"no vgName found in inline volume of Pod {ns}/{podName}";
        demands.Add(new StorageDemand
        {
            Key = ns + "/" + podName + "/" + volumeName,
            Type = VolumeType.LVM,
            SizeBytes = size,
            VolumeGroup = vg,
            Inline = true,
            Spdk = attributes?.GetValueOrDefault("spdk") == "true",
        });
        return null;
    }

    private static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        if (!Quantity.TryParse(text, out var q) || q.Value <= 0 || q.Value > long.MaxValue)
            return false;
        bytes = q.ToBytes();
        return true;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
