using System.Text.Json;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Fuzz.Targets;

/// <summary>
/// The extender's request body (extender.md §3, E3): it decodes, or decoding throws JsonException (the
/// 400 answer); a decoded request yields its candidates' names and the pod's volumes without throwing.
/// </summary>
internal static class ExtenderArgsTarget
{
    public static void Run(byte[] input)
    {
        ExtenderArgs? args;
        try
        {
            args = JsonSerializer.Deserialize(input, ExtenderJsonContext.Default.ExtenderArgs);
        }
        catch (JsonException)
        {
            return;
        }
        if (args is null)
            return;
        using (args)
        {
            var candidates = args.Candidates;
            for (var i = 0; i < candidates.Count; i++)
                _ = candidates.NameAt(i);
            foreach (var volume in args.Pod?.Spec?.Volumes ?? [])
                _ = (volume?.Name, volume?.PersistentVolumeClaim?.ClaimName, volume?.Csi?.Driver, volume?.Csi?.VolumeAttributes?.Count);
        }
    }
}
