using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Fuzz.Targets;

/// <summary>StorageClass parameters (csi.md §4.1): Parse never throws; a refusal names the key and says why.</summary>
internal static class StorageClassParametersTarget
{
    public static void Run(byte[] input)
    {
        var map = FuzzInput.Map(input);
        Check(StorageClassParameters.Parse(map), map);
        Check(StorageClassParameters.Parse(map, VolumeType.LVM), map);
    }

    private static void Check(StorageClassParameters parsed, Dictionary<string, string> map)
    {
        foreach (var (key, message) in parsed.Errors)
        {
            if (string.IsNullOrEmpty(message))
                throw new ContractViolation($"parameter {key} refused without a message");
        }
        if (parsed.IsValid && parsed.Throttle is { } throttle && (throttle.ReadBytesPerSecond < 0 || throttle.ReadIops < 0))
            throw new ContractViolation($"negative throttle accepted from {string.Join(",", map)}");
    }
}
