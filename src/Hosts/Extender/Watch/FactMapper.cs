using System.Text.Json;
using k8s.Models;
using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Scheduling;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Infrastructure.Kubernetes.Resources;
using LocalSnapshot = OpenLocal.Infrastructure.Kubernetes.Resources.LocalSnapshot;
using LocalVolume = OpenLocal.Infrastructure.Kubernetes.Resources.LocalVolume;

namespace OpenLocal.Hosts.Extender.Watch;

/// <summary>Translates watched Kubernetes objects into the cache's facts (extender.md §6.2).</summary>
public static class FactMapper
{
    /// <summary>The topology key PVs and Nodes share (DESIGN: kept as open-local has it).</summary>
    public const string HostnameLabel = "kubernetes.io/hostname";
    private static readonly long DefaultInlineSize = 1L << 30;

    /// <summary>Only the filtered names are schedulable; their sizes come from nodeStorageInfo (crds.md §1.3).</summary>
    public static NodeStorageReport ToReport(NodeLocalStorage nls)
    {
        ArgumentNullException.ThrowIfNull(nls);
        var info = nls.Status?.NodeStorageInfo;
        var filtered = nls.Status?.FilteredStorageInfo;
        var vgs = new List<ReportedVolumeGroup>();
        foreach (var name in filtered?.VolumeGroups ?? [])
        {
            var vg = info?.VolumeGroups?.FirstOrDefault(v => v.Name == name);
            if (vg is not null)
                vgs.Add(new ReportedVolumeGroup(name, vg.Allocatable));
        }
        var devices = new List<ReportedDevice>();
        foreach (var name in filtered?.Devices ?? [])
        {
            var device = info?.DeviceInfo?.FirstOrDefault(d => d.Name == name);
            if (device is not null)
                devices.Add(new ReportedDevice(name, device.Total, Media(device.MediaType)));
        }
        var mountPoints = new List<ReportedMountPoint>();
        foreach (var name in filtered?.MountPoints ?? [])
        {
            var mp = info?.MountPoints?.FirstOrDefault(m => m.Name == name);
            if (mp is null)
                continue;
            var media = Media(info?.DeviceInfo?.FirstOrDefault(d => d.Name == mp.Device)?.MediaType);
            mountPoints.Add(new ReportedMountPoint(name, mp.Total, mp.Available, mp.FsType, mp.Device, media));
        }
        var spdk = !string.IsNullOrEmpty(nls.Spec?.SpdkConfig?.DeviceType);
        return new NodeStorageReport(nls.Metadata.Name, spdk, vgs, devices, mountPoints);
    }

    public static LocalVolumeFact? ToFact(LocalVolume lv)
    {
        ArgumentNullException.ThrowIfNull(lv);
        var spec = lv.Spec;
        var type = StorageClassParameters.ParseVolumeType(spec.Type);
        var pool = type switch
        {
            VolumeType.LVM => spec.VgName,
            VolumeType.Device => spec.Device,
            VolumeType.MountPoint => spec.MountPoint,
            _ => null,
        };
        if (type is null || string.IsNullOrEmpty(pool) || string.IsNullOrEmpty(spec.VolumeId) || string.IsNullOrEmpty(spec.NodeName))
            return null;
        var readOnly = string.Equals(spec.Source?.Mode, "ReadOnly", StringComparison.Ordinal);
        return new LocalVolumeFact(spec.VolumeId, spec.NodeName, type.Value, pool, spec.SizeBytes, lv.Status?.CapacityBytes ?? 0, readOnly)
        {
            ClaimKey = spec.Claim is { Namespace: { Length: > 0 } ns, Name: { Length: > 0 } name } ? ns + "/" + name : null,
        };
    }

    /// <summary>
    /// PVs of our driver only; pool from the attributes. The node is the value of the hostname
    /// node-affinity term as written — the cache maps it to the node name (<see cref="ToFact(V1Node)"/>).
    /// </summary>
    public static PersistentVolumeFact? ToFact(V1PersistentVolume pv)
    {
        ArgumentNullException.ThrowIfNull(pv);
        var csi = pv.Spec?.Csi;
        if (csi is null || !PodDemandResolver.IsOurDriver(csi.Driver) || string.IsNullOrEmpty(csi.VolumeHandle))
            return null;
        var attributes = csi.VolumeAttributes is null ? new Dictionary<string, string>() : new Dictionary<string, string>(csi.VolumeAttributes);
        var allocated = Allocated(pv.Metadata?.Annotations);
        // An empty value is a missing one (ADR 0050): such a PV still counts, as LVM like open-local's.
        var type = StorageClassParameters.ParseVolumeType(
            NonEmpty(attributes.GetValueOrDefault("volumeType")) ?? NonEmpty(allocated.GetValueOrDefault("volumeType")) ?? "LVM");
        var node = NodeOf(pv);
        if (type is null || node is null)
            return null;
        var pool = type switch
        {
            VolumeType.LVM => NonEmpty(allocated.GetValueOrDefault("vgName")) ?? attributes.GetValueOrDefault("vgName"),
            VolumeType.Device => NonEmpty(allocated.GetValueOrDefault("deviceName")) ?? attributes.GetValueOrDefault("Device"),
            _ => attributes.GetValueOrDefault("MountPoint"),
        };
        if (string.IsNullOrEmpty(pool))
            return null;
        var capacity = pv.Spec!.Capacity?.TryGetValue("storage", out var q) == true ? Bytes(q) : 0;
        return new PersistentVolumeFact(pv.Metadata!.Name, csi.VolumeHandle, node, type.Value, pool, capacity, pv.Status?.Phase ?? "")
        {
            ClaimNamespace = NonEmpty(attributes.GetValueOrDefault("csi.storage.k8s.io/pvc/namespace")) ?? pv.Spec.ClaimRef?.NamespaceProperty,
            ClaimName = NonEmpty(attributes.GetValueOrDefault("csi.storage.k8s.io/pvc/name")) ?? pv.Spec.ClaimRef?.Name,
            ReadOnlyRestore = attributes.GetValueOrDefault("csi.aliyun.com/readonly") == "true",
        };
    }

    /// <summary>A Node's <c>kubernetes.io/hostname</c> label; a node without it is its own hostname (as kubelet sets it).</summary>
    public static NodeFact ToFact(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var name = node.Metadata.Name;
        return new NodeFact(name, NonEmpty(Value(node.Metadata.Labels, HostnameLabel)) ?? name);
    }

    public static PodFact ToFact(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var inline = new List<InlineVolumeFact>();
        var claims = new List<string>();
        foreach (var volume in pod.Spec?.Volumes ?? [])
        {
            // §4.1: a generic ephemeral volume's PVC is named <pod>-<volume>.
            if (volume.PersistentVolumeClaim?.ClaimName is { Length: > 0 } claim)
                claims.Add(claim);
            else if (volume.Ephemeral is not null)
                claims.Add(pod.Metadata.Name + "-" + volume.Name);
            if (volume.Csi is not { } csi || !PodDemandResolver.IsOurDriver(csi.Driver))
                continue;
            var vg = Value(csi.VolumeAttributes, "vgName");
            var size = DefaultInlineSize;
            if (Value(csi.VolumeAttributes, "size") is { } text)
                size = Quantity.TryParse(text, out var q) && q.Value > 0 ? q.ToBytes() : 0;
            if (!string.IsNullOrEmpty(vg) && size > 0)
                inline.Add(new InlineVolumeFact(volume.Name, vg, size) { Spdk = Value(csi.VolumeAttributes, "spdk") == "true" });
        }
        var phase = pod.Status?.Phase;
        return new PodFact(pod.Metadata.Uid ?? "", pod.Metadata.NamespaceProperty ?? "default", pod.Metadata.Name, pod.Spec?.NodeName,
            phase is "Succeeded" or "Failed", inline)
        {
            ClaimNames = claims,
        };
    }

    public static ClaimFact ToFact(V1PersistentVolumeClaim pvc)
    {
        ArgumentNullException.ThrowIfNull(pvc);
        var spec = pvc.Spec;
        var className = spec?.StorageClassName ?? Value(pvc.Metadata.Annotations, "volume.beta.kubernetes.io/storage-class");
        var request = spec?.Resources?.Requests?.TryGetValue("storage", out var r) == true ? Bytes(r) : 0;
        var limit = spec?.Resources?.Limits?.TryGetValue("storage", out var l) == true ? Bytes(l) : 0;
        var source = spec?.DataSourceRef is { Kind: "VolumeSnapshot" } dsr ? dsr.Name
            : spec?.DataSource is { Kind: "VolumeSnapshot" } ds ? ds.Name
            : null;
        var capacity = pvc.Status?.Capacity?.TryGetValue("storage", out var c) == true ? Bytes(c) : 0;
        return new ClaimFact(pvc.Metadata.NamespaceProperty ?? "default", pvc.Metadata.Name, pvc.Status?.Phase ?? "Pending", className, request, limit)
        {
            SnapshotSource = source,
            CapacityBytes = capacity,
        };
    }

    public static StorageClassFact ToFact(V1StorageClass sc)
    {
        ArgumentNullException.ThrowIfNull(sc);
        return new StorageClassFact(sc.Metadata.Name, sc.Provisioner ?? "", sc.Parameters is null ? new Dictionary<string, string>() : new Dictionary<string, string>(sc.Parameters));
    }

    public static VolumeSnapshotFact ToFact(VolumeSnapshotResource snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new VolumeSnapshotFact(snapshot.Metadata.NamespaceProperty ?? "default", snapshot.Metadata.Name,
            snapshot.Status?.BoundVolumeSnapshotContentName, snapshot.Status?.ReadyToUse == true);
    }

    public static VolumeSnapshotContentFact ToFact(VolumeSnapshotContentResource content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new VolumeSnapshotContentFact(content.Metadata.Name, content.Status?.SnapshotHandle);
    }

    public static LocalSnapshotFact ToFact(LocalSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var spec = snapshot.Spec;
        return new LocalSnapshotFact(spec.SnapshotId, spec.NodeName, spec.VgName, spec.ReadOnly, snapshot.Status?.CapacityBytes ?? spec.InitialSizeBytes);
    }

    private static string? NodeOf(V1PersistentVolume pv)
    {
        foreach (var term in pv.Spec?.NodeAffinity?.Required?.NodeSelectorTerms ?? [])
        {
            foreach (var expression in term.MatchExpressions ?? [])
            {
                if (expression.Key == HostnameLabel && expression.Values is { Count: > 0 } values)
                    return values[0];
            }
        }
        return null;
    }

    // open-local's scheduling-framework annotation {"vgName","deviceName","volumeType"} (crds.md §4).
    private static Dictionary<string, string> Allocated(IDictionary<string, string>? annotations)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Value(annotations, "csi.aliyun.com/pv-allocated") is not { } json)
            return result;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return result;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                    result[property.Name] = property.Value.GetString()!;
            }
        }
        catch (JsonException)
        {
            // A malformed annotation is ignored; the volume attributes still apply.
        }
        return result;
    }

    private static MediaType? Media(string? text) => text switch
    {
        "ssd" => MediaType.Ssd,
        "hdd" => MediaType.Hdd,
        _ => null,
    };

    private static long Bytes(ResourceQuantity quantity) =>
        Quantity.TryParse(quantity.ToString(), out var q) && q.Value > 0 ? q.ToBytes() : 0;

    private static string? Value(IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
