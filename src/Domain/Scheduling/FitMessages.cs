using System.Globalization;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// The failure texts of the predicates (extender.md §4.2). Most are open-local's, verbatim, because
/// operators' runbooks and alerts match on them; quantities print like Kubernetes'
/// <c>NewQuantity(n, BinarySI).String()</c>.
/// </summary>
public static class FitMessages
{
    public static string CacheNotReady => "open-local extender cache is not ready";

    public static string NodeLocalStorageNotFound(string node) =>
        $"no open-local storage on node {node}: NodeLocalStorage not found";

    public static string SpdkMismatch(string node, bool nodeIsSpdk) =>
        $"node {node} storage type (SPDK={(nodeIsSpdk ? "true" : "false")}) does not match";

    public static string NoSuchVolumeGroup(string vg, string node) => $"no vg(LVM) named {vg} in node {node}";

    public static string InsufficientLvm(string node, string vg, long requested, long used, long capacity) =>
        $"Insufficient LVM storage on node {node}, vg is {vg}, pvc requested {Quantity.FormatBinary(requested)}, " +
        $"vg used {Quantity.FormatBinary(used)}, vg capacity {Quantity.FormatBinary(capacity)}";

    public static string NoLvmConfigured(string node) =>
        $"no LVM storage configured on node {node}. you can run commands \"kubectl get nls --template={{{{.spec}}}} -o template {node}\" " +
        "and \"vgscan\" and \"lsblk\" on this node to get more details";

    public static string InsufficientDeviceCount(MediaType? media, string node, int requested, int free, int total) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Insufficient Device({MediaName(media)}) storage on node {node}, pod requested pvc count is {requested}, node available device count is {free}, node device total is {total}");

    public static string InsufficientMountPointCount(MediaType? media, string node, int requested, int free, int total) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Insufficient MountPoint({MediaName(media)}) storage on node {node}, pod requested pvc count is {requested}, node available mp count is {free}, node total mp is {total}");

    /// <summary>open-local's text, with the node and the largest free resource filled in (E9).</summary>
    public static string InsufficientExclusive(VolumeType type, long requested, string node, long largestFree) =>
        $"Insufficient {type} storage, pvc requested size is {Quantity.FormatBinary(requested)}, " +
        $"max size of local devices on node {node} is {Quantity.FormatBinary(largestFree)}";

    public static string SnapshotOnOtherNode(string snapshot, string sourceNode) =>
        $"no lvm volume found when creating LVM readonly snapshot: snapshot {snapshot} lives on node {sourceNode}";

    /// <summary>The StorageClass spelling (<c>ssd</c>, <c>hdd</c>); demands without a media type print <c>any</c>.</summary>
    public static string MediaName(MediaType? media) => media switch
    {
        MediaType.Ssd => "ssd",
        MediaType.Hdd => "hdd",
        _ => "any",
    };
}
