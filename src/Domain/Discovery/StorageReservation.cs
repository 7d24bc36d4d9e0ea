using System.Globalization;
using System.Text.Json;
using OpenLocal.Domain.Quantities;

namespace OpenLocal.Domain.Discovery;

/// <summary>
/// One entry of the <c>csi.aliyun.com/storage-reserved</c> annotation (crds.md §1.5): an absolute
/// quantity or a percentage of the VG's total.
/// </summary>
public abstract record StorageReservation
{
    public abstract long ReservedBytes(long totalBytes);

    /// <summary>A Kubernetes quantity such as <c>100Gi</c> or <c>1073741824</c>.</summary>
    public sealed record Absolute(long Bytes) : StorageReservation
    {
        public override long ReservedBytes(long totalBytes) => Bytes;
    }

    /// <summary><c>floor(total × percent / 100)</c>; decimals such as <c>12.5%</c> are allowed.</summary>
    public sealed record Percentage(decimal Percent) : StorageReservation
    {
        public override long ReservedBytes(long totalBytes)
        {
            var reserved = decimal.Floor(totalBytes * Percent / 100m);
            return reserved >= long.MaxValue ? long.MaxValue : (long)reserved;
        }
    }

    public static bool TryParse(string? text, out StorageReservation reservation, out string error)
    {
        reservation = new Absolute(0);
        var s = text?.Trim() ?? string.Empty;
        if (s.EndsWith('%'))
        {
            if (!decimal.TryParse(s.AsSpan(0, s.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
            {
                error = $"\"{text}\" is not a percentage like \"10%\" or \"12.5%\"";
                return false;
            }
            reservation = new Percentage(percent);
            error = string.Empty;
            return true;
        }
        if (!Quantity.TryParse(s, out var quantity, out error))
            return false;
        if (quantity.Value < 0)
        {
            error = $"\"{text}\" must not be negative";
            return false;
        }
        reservation = new Absolute(quantity.ToBytes());
        return true;
    }
}

/// <summary>
/// The parsed annotation: reservations per VG name plus one message per entry that could not be used.
/// A bad entry is ignored for that entry only (ours; open-local aborted discovery, known-defects G4).
/// </summary>
public sealed record StorageReservations(IReadOnlyDictionary<string, StorageReservation> ByVolumeGroup, IReadOnlyList<string> Errors)
{
    public const string AnnotationKey = "csi.aliyun.com/storage-reserved";

    public static StorageReservations None { get; } = new(new Dictionary<string, StorageReservation>(), []);

    public long ReservedBytes(string volumeGroup, long totalBytes) =>
        ByVolumeGroup.TryGetValue(volumeGroup, out var r) ? r.ReservedBytes(totalBytes) : 0;

    public static StorageReservations Parse(string? annotation)
    {
        if (string.IsNullOrWhiteSpace(annotation))
            return None;
        var entries = new Dictionary<string, StorageReservation>(StringComparer.Ordinal);
        var errors = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(annotation);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return new StorageReservations(entries, [$"{AnnotationKey} must be a JSON object mapping VG name to a quantity or percentage, got: {annotation}"]);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"{AnnotationKey} entry \"{property.Name}\" must be a string such as \"100Gi\" or \"10%\"");
                    continue;
                }
                if (StorageReservation.TryParse(property.Value.GetString(), out var reservation, out var error))
                    entries[property.Name] = reservation;
                else
                    errors.Add($"{AnnotationKey} entry \"{property.Name}\": {error}");
            }
        }
        catch (JsonException ex)
        {
            errors.Add($"{AnnotationKey} is not valid JSON ({ex.Message}); expected e.g. {{\"open-local-pool-0\":\"10%\"}}");
        }
        return new StorageReservations(entries, errors);
    }
}
