using OpenLocal.Application.Snapshots;

namespace OpenLocal.Fuzz.Targets;

/// <summary>VolumeSnapshotClass parameters (csi.md §4.2): Parse never throws; accepted sizes are positive.</summary>
internal static class SnapshotClassParametersTarget
{
    public static void Run(byte[] input)
    {
        var parsed = SnapshotClassParameters.Parse(FuzzInput.Map(input));
        if (parsed.Errors.Count > 0)
            return;
        if (parsed.InitialSizeBytes <= 0 || parsed.Expansion.StepBytes <= 0)
            throw new ContractViolation($"non-positive snapshot size accepted: initial {parsed.InitialSizeBytes}, step {parsed.Expansion.StepBytes}");
        if (parsed.Expansion.ThresholdPercent is < 1 or > 100)
            throw new ContractViolation($"threshold {parsed.Expansion.ThresholdPercent}% accepted");
    }
}
