using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Device.Mounts;

namespace OpenLocal.Fuzz.Targets;

/// <summary>
/// <c>/proc/self/mountinfo</c> (proc(5)): it parses, or Parse throws StorageException naming the line;
/// every parsed entry converts to the port's MountInfo.
/// </summary>
internal static class MountInfoTarget
{
    public static void Run(byte[] input)
    {
        try
        {
            foreach (var entry in MountTable.Parse(FuzzInput.Text(input)))
                _ = entry.ToMountInfo();
        }
        catch (StorageException)
        {
            // The documented refusal of a line it does not understand.
        }
    }
}
