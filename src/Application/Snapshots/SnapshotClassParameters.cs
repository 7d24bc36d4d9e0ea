using System.Globalization;
using OpenLocal.Domain.Quantities;
using OpenLocal.Domain.Snapshots;

namespace OpenLocal.Application.Snapshots;

/// <summary>VolumeSnapshotClass parameters (csi.md §4.2), parsed once; <see cref="Errors"/> per key.</summary>
public sealed record SnapshotClassParameters
{
    public const string ReadOnlyKey = "csi.aliyun.com/readonly";
    public const string InitialSizeKey = "csi.aliyun.com/snapshot-initial-size";
    public const string ThresholdKey = "csi.aliyun.com/snapshot-expansion-threshold";
    public const string StepKey = "csi.aliyun.com/snapshot-expansion-size";
    public const long DefaultInitialSizeBytes = 4L << 30;

    public bool ReadOnly { get; private init; }
    public long InitialSizeBytes { get; private init; } = DefaultInitialSizeBytes;
    public SnapshotExpansion Expansion { get; private init; } = SnapshotExpansion.Default;
    public IReadOnlyList<KeyValuePair<string, string>> Errors { get; private init; } = [];

    public static SnapshotClassParameters Parse(IReadOnlyDictionary<string, string>? parameters)
    {
        parameters ??= new Dictionary<string, string>();
        var errors = new List<KeyValuePair<string, string>>();

        var initial = DefaultInitialSizeBytes;
        if (parameters.TryGetValue(InitialSizeKey, out var initialText))
            initial = ParseSize(InitialSizeKey, initialText, errors) ?? initial;

        var threshold = SnapshotExpansion.Default.ThresholdPercent;
        if (parameters.TryGetValue(ThresholdKey, out var thresholdText))
        {
            var number = thresholdText.EndsWith('%') ? thresholdText[..^1] : thresholdText;
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent < 1 || percent > 100)
                errors.Add(new(ThresholdKey, $"expansion threshold \"{thresholdText}\" must be a percentage from 1 to 100, e.g. 50%"));
            else
                threshold = (int)decimal.Floor(percent);
        }

        var step = SnapshotExpansion.Default.StepBytes;
        if (parameters.TryGetValue(StepKey, out var stepText))
            step = ParseSize(StepKey, stepText, errors) ?? step;

        return new SnapshotClassParameters
        {
            ReadOnly = parameters.TryGetValue(ReadOnlyKey, out var ro) && ro == "true",
            InitialSizeBytes = initial,
            Expansion = errors.Count == 0 ? new SnapshotExpansion(threshold, step) : SnapshotExpansion.Default,
            Errors = errors,
        };
    }

    private static long? ParseSize(string key, string text, List<KeyValuePair<string, string>> errors)
    {
        if (!Quantity.TryParse(text, out var q, out var error))
        {
            errors.Add(new(key, error));
            return null;
        }
        if (q.Sign <= 0 || q.Value > long.MaxValue)
        {
            errors.Add(new(key, $"\"{text}\" must be a positive size such as 4Gi"));
            return null;
        }
        return q.ToBytes();
    }
}
