using System.Globalization;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Compat;

/// <summary>
/// The pod whose volumes are placed together with a claim (extender.md §7: "all unbound open-local
/// PVCs of the PVC's pod"), rebuilt as the request-path pod so that the predicates' own demand
/// resolver (§4.1) reads it. Claims that already count in the ledger (a PV or an assumption holds
/// them) are left out, so nothing is counted twice.
/// </summary>
public static class ClaimPod
{
    /// <summary>A pod on <paramref name="nodeName"/> first, then an unscheduled one, then any; ties by UID.</summary>
    public static PodFact? Choose(IReadOnlyList<PodFact> pods, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(pods);
        PodFact? unscheduled = null;
        foreach (var pod in pods)
        {
            if (string.Equals(pod.NodeName, nodeName, StringComparison.Ordinal))
                return pod;
            if (string.IsNullOrEmpty(pod.NodeName))
                unscheduled ??= pod;
        }
        return unscheduled ?? (pods.Count > 0 ? pods[0] : null);
    }

    /// <summary>
    /// The pod's unplaced claims and inline volumes; without a pod (nothing consumes the claim yet),
    /// a pod holding only <paramref name="claimName"/>.
    /// </summary>
    public static PodWire ToWire(PodFact? pod, string ns, string claimName, Func<string, bool> isPlaced)
    {
        ArgumentNullException.ThrowIfNull(isPlaced);
        var volumes = new List<VolumeWire>();
        if (pod is null)
        {
            volumes.Add(Claim(claimName));
            return new PodWire { Metadata = new ObjectMetaWire { Namespace = ns, Name = "" }, Spec = new PodSpecWire { Volumes = volumes } };
        }
        foreach (var claim in pod.ClaimNames)
        {
            if (claim == claimName || !isPlaced(pod.Namespace + "/" + claim))
                volumes.Add(Claim(claim));
        }
        foreach (var inline in pod.InlineVolumes)
        {
            var attributes = new Dictionary<string, string>
            {
                ["vgName"] = inline.VolumeGroup,
                ["size"] = inline.SizeBytes.ToString(CultureInfo.InvariantCulture),
            };
            if (inline.Spdk)
                attributes["spdk"] = "true";
            volumes.Add(new VolumeWire { Name = inline.VolumeName, Csi = new CsiSourceWire { Driver = "local.csi.aliyun.com", VolumeAttributes = attributes } });
        }
        return new PodWire
        {
            Metadata = new ObjectMetaWire { Namespace = pod.Namespace, Name = pod.Name, Uid = pod.Uid },
            Spec = new PodSpecWire { Volumes = volumes },
        };
    }

    private static VolumeWire Claim(string name) => new() { Name = name, PersistentVolumeClaim = new ClaimSourceWire { ClaimName = name } };
}
