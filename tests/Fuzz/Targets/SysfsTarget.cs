using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Device.Discovery;

namespace OpenLocal.Fuzz.Targets;

/// <summary>
/// sysfs values (node-agent.md §2): the input's lines are the contents of a disk's <c>size</c>, <c>dev</c>,
/// <c>ro</c>, <c>queue/rotational</c> and its partition's <c>size</c>, <c>dev</c>, <c>ro</c>, written into a
/// fabricated tree. The scan succeeds, or throws StorageException for a value it cannot read; a scanned
/// device never has a negative size.
/// </summary>
internal static class SysfsTarget
{
    private static readonly string[] Files = ["sda/size", "sda/dev", "sda/ro", "sda/queue/rotational", "sda/sda1/size", "sda/sda1/dev", "sda/sda1/ro"];

    // One tree per process, rewritten for each input: tmpfs when there is one, it is written per execution.
    private static readonly Lazy<string> Block = new(() =>
    {
        var root = Directory.CreateTempSubdirectory("openlocal-fuzz-sysfs-").FullName;
        var block = Path.Combine(root, "block");
        Directory.CreateDirectory(Path.Combine(block, "sda", "queue"));
        Directory.CreateDirectory(Path.Combine(block, "sda", "sda1"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        return block;
    });

    public static void Run(byte[] input)
    {
        var values = FuzzInput.Text(input).Split('\n');
        for (var i = 0; i < Files.Length; i++)
            File.WriteAllText(Path.Combine(Block.Value, Files[i]), i < values.Length ? values[i] : string.Empty);
        try
        {
            foreach (var device in SysfsScan.Scan(Block.Value))
            {
                if (device.SizeBytes < 0)
                    throw new ContractViolation($"{device.Path}: negative size {device.SizeBytes}");
            }
        }
        catch (StorageException)
        {
            // The documented refusal of an unreadable dev number.
        }
    }
}
