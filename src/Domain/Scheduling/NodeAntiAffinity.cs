using System.Globalization;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Domain.Scheduling;

/// <summary>
/// <c>--enabled-node-anti-affinity</c> (extender.md §1): keep nodes that have free exclusive
/// resources of a type for pods that need them, by favouring other nodes for pods that do not.
/// Only MountPoint and Device weights have an effect; LVM and Quota are accepted for compatibility.
/// </summary>
public sealed record NodeAntiAffinity(int MountPointWeight, int DeviceWeight)
{
    public const int DefaultWeight = 5;
    public const int MaxWeight = 10;

    public static NodeAntiAffinity None { get; } = new(0, 0);

    /// <summary>True when the score gets the anti-affinity component (§5.3).</summary>
    public bool IsConfigured => MountPointWeight > 0 || DeviceWeight > 0;

    /// <summary>Parses <c>MountPoint=5,Device=2</c>; a bare type gets weight 5.</summary>
    public static NodeAntiAffinity Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return None;
        int mountPoint = 0, device = 0;
        foreach (var item in text.Split(','))
        {
            var parts = item.Split('=');
            if (parts.Length > 2 || parts[0].Length == 0)
                throw Invalid(text, $"\"{item}\" is not <VolumeType>=<weight>");
            var weight = DefaultWeight;
            if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out weight) || weight > MaxWeight))
                throw Invalid(text, $"weight of {parts[0]} must be an integer from 0 to {MaxWeight}");
            switch (parts[0])
            {
                case "MountPoint": mountPoint = weight; break;
                case "Device": device = weight; break;
                case "LVM" or "Quota": break;
                default: throw Invalid(text, $"unknown volume type \"{parts[0]}\" (expected MountPoint, Device, LVM or Quota)");
            }
        }
        return new NodeAntiAffinity(mountPoint, device);
    }

    private static StorageException Invalid(string text, string why) =>
        StorageException.InvalidArgument($"invalid --enabled-node-anti-affinity \"{text}\": {why}");
}
