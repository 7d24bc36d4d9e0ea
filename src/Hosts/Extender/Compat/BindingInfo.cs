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
        var lvm = assumption.Type == Domain.Volumes.VolumeType.LVM;
        var path = lvm ? "" : assumption.Pool;
        return new BindingInfo(assumption.NodeName, path, lvm ? assumption.Pool : "", path, assumption.Type.ToString(), assumption.ClaimKey);
    }
}

/// <summary>Source-generated serializer for <see cref="BindingInfo"/> (no reflection).</summary>
[JsonSerializable(typeof(BindingInfo))]
public sealed partial class CompatJsonContext : JsonSerializerContext;
