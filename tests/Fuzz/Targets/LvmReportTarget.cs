using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Lvm;

namespace OpenLocal.Fuzz.Targets;

/// <summary>
/// <c>lvm fullreport --reportformat json</c> output (node-agent.md §3.1): it parses, or Parse throws
/// StorageException (Internal, "unexpected lvm fullreport output"); parsed sizes are never negative.
/// </summary>
internal static class LvmReportTarget
{
    public static void Run(byte[] input)
    {
        try
        {
            foreach (var group in LvmReport.Parse(FuzzInput.Text(input)))
            {
                if (group.SizeBytes < 0 || group.FreeBytes < 0 || group.ExtentSizeBytes < 0)
                    throw new ContractViolation($"VG {group.Name}: negative size");
                foreach (var lv in group.LogicalVolumes)
                {
                    if (lv.SizeBytes < 0)
                        throw new ContractViolation($"LV {lv.Name}: negative size");
                }
            }
        }
        catch (StorageException)
        {
            // The documented refusal of output it does not understand.
        }
    }
}
