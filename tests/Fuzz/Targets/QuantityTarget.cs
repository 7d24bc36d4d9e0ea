using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Quantities;

namespace OpenLocal.Fuzz.Targets;

/// <summary>
/// Quantity (sizes in PVCs, bps, snapshot sizes): TryParse never throws; Parse and ToBytes throw only
/// StorageException; the canonical string of a parsed value parses back to the same canonical string.
/// </summary>
internal static class QuantityTarget
{
    public static void Run(byte[] input)
    {
        var text = FuzzInput.Text(input);
        if (!Quantity.TryParse(text, out var quantity, out var error))
        {
            if (string.IsNullOrEmpty(error))
                throw new ContractViolation($"\"{text}\" refused without a message");
            ExpectStorageException(() => Quantity.Parse(text));
            return;
        }
        try
        {
            _ = quantity.ToBytes();
        }
        catch (StorageException)
        {
            // Out of 64-bit range: the documented refusal.
        }
        _ = quantity.Value;
        var canonical = quantity.ToString();
        if (!Quantity.TryParse(canonical, out var again, out var againError))
            throw new ContractViolation($"\"{text}\" printed as \"{canonical}\", which does not parse: {againError}");
        if (again.ToString() != canonical || again.Value != quantity.Value)
            throw new ContractViolation($"\"{text}\" printed as \"{canonical}\", which reads back as \"{again}\" ({again.Value} vs {quantity.Value})");
    }

    private static void ExpectStorageException(Action parse)
    {
        try
        {
            parse();
        }
        catch (StorageException)
        {
            return;
        }
        throw new ContractViolation("TryParse refused what Parse accepted");
    }
}
