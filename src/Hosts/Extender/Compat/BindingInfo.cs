using System.Text.Json.Serialization;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Cache;

namespace OpenLocal.Hosts.Extender.Compat;

/// <summary>
/// open-local's <c>pkg.BindingInfo</c>, the answer of the compatibility provisioning API (extender.md §7).
/// For Device and MountPoint both <see cref="Disk"/> and <see cref="Device"/> carry the resource path:
/// open-local's CSI read <c>disk</c> for MountPoint volumes and <c>device</c> for Device volumes.
/// </summary>
public sealed record BindingInfo(
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("disk")] string Disk,
    [property: JsonPropertyName("vgName")] string VgName,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("volumeType")] string VolumeType,
    [property: JsonPropertyName("persistentVolumeClaim")] string PersistentVolumeClaim)
{
    public static BindingInfo Of(ClaimAssumption assumption)
    {
        ArgumentNullException.ThrowIfNull(assumption);
        return Of(assumption.ClaimKey, assumption.NodeName, assumption.Type, assumption.Pool);
    }

    public static BindingInfo Of(string claimKey, string node, VolumeType type, string pool)
    {
        var lvm = type == Domain.Volumes.VolumeType.LVM;
        var path = lvm ? "" : pool;
        return new BindingInfo(node, path, lvm ? pool : "", path, type.ToString(), claimKey);
    }
}

/// <summary>Source-generated serializer for <see cref="BindingInfo"/> (no reflection).</summary>
[JsonSerializable(typeof(BindingInfo))]
public sealed partial class CompatJsonContext : JsonSerializerContext;
