using System.Globalization;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Domain.Quantities;

/// <summary>
/// A Kubernetes <c>resource.Quantity</c>: <c>&lt;number&gt;&lt;suffix&gt;</c> with binary suffixes
/// (Ki..Ei), decimal suffixes (n, u, m, k, M, G, T, P, E) or a decimal exponent (e/E).
/// The value is kept exactly as a decimal; <see cref="ToBytes"/> rounds up like Kubernetes' Value().
/// </summary>
public readonly record struct Quantity
{
    private Quantity(decimal value, QuantityFormat format)
    {
        Value = value;
        Format = format;
    }

    public decimal Value { get; }
    public QuantityFormat Format { get; }

    public static Quantity FromBytes(long bytes) => new(bytes, QuantityFormat.BinarySI);

    public static Quantity Parse(string text) =>
        TryParse(text, out var q, out var error) ? q : throw StorageException.InvalidArgument(error);

    public static bool TryParse(string? text, out Quantity quantity) => TryParse(text, out quantity, out _);

    public static bool TryParse(string? text, out Quantity quantity, out string error)
    {
        quantity = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "quantity must not be empty";
            return false;
        }
        var s = text.Trim();
        var numberEnd = ScanNumber(s);
        if (numberEnd == 0 || (numberEnd == 1 && s[0] is '+' or '-' or '.'))
        {
            error = $"quantity \"{text}\" must start with a number";
            return false;
        }
        if (!decimal.TryParse(s.AsSpan(0, numberEnd), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"quantity \"{text}\" has an invalid number";
            return false;
        }
        var suffix = s[numberEnd..];
        if (!TryApplySuffix(number, suffix, out var value, out var format))
        {
            error = $"quantity \"{text}\" has an unknown suffix \"{suffix}\" (expected Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or an exponent like e9)";
            return false;
        }
        quantity = new Quantity(value, format);
        error = string.Empty;
        return true;
    }

    /// <summary>The value in whole units, rounded up (Kubernetes <c>Quantity.Value()</c>).</summary>
    public long ToBytes()
    {
        var ceiling = decimal.Ceiling(Value);
        if (ceiling > long.MaxValue || ceiling < long.MinValue)
            throw StorageException.OutOfRange($"quantity {Value} does not fit in 64 bits");
        return (long)ceiling;
    }

    /// <summary>
    /// Formats whole bytes as Kubernetes' <c>NewQuantity(n, BinarySI).String()</c> does: the largest
    /// binary suffix that divides the value exactly (<c>5368709120</c> → <c>5Gi</c>, <c>1536</c> → <c>1536</c>).
    /// </summary>
    public static string FormatBinary(long bytes)
    {
        if (bytes == 0)
            return "0";
        string[] suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
        var magnitude = bytes;
        var index = 0;
        while (index < suffixes.Length - 1 && magnitude % 1024 == 0)
        {
            magnitude /= 1024;
            index++;
        }
        return magnitude.ToString(CultureInfo.InvariantCulture) + suffixes[index];
    }

    public override string ToString() => Format == QuantityFormat.BinarySI && Value == decimal.Truncate(Value) && Value is >= long.MinValue and <= long.MaxValue
        ? FormatBinary((long)Value)
        : Value.ToString(CultureInfo.InvariantCulture);

    private static int ScanNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-')
            i++;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            i++;
        return i;
    }

    private static bool TryApplySuffix(decimal number, string suffix, out decimal value, out QuantityFormat format)
    {
        format = QuantityFormat.DecimalSI;
        value = 0;
        try
        {
            switch (suffix)
            {
                case "": value = number; return true;
                case "Ki": format = QuantityFormat.BinarySI; value = number * (1L << 10); return true;
                case "Mi": format = QuantityFormat.BinarySI; value = number * (1L << 20); return true;
                case "Gi": format = QuantityFormat.BinarySI; value = number * (1L << 30); return true;
                case "Ti": format = QuantityFormat.BinarySI; value = number * (1L << 40); return true;
                case "Pi": format = QuantityFormat.BinarySI; value = number * (1L << 50); return true;
                case "Ei": format = QuantityFormat.BinarySI; value = number * (1L << 60); return true;
                case "n": value = number / 1_000_000_000m; return true;
                case "u": value = number / 1_000_000m; return true;
                case "m": value = number / 1_000m; return true;
                case "k": value = number * 1_000m; return true;
                case "M": value = number * 1_000_000m; return true;
                case "G": value = number * 1_000_000_000m; return true;
                case "T": value = number * 1_000_000_000_000m; return true;
                case "P": value = number * 1_000_000_000_000_000m; return true;
                case "E": value = number * 1_000_000_000_000_000_000m; return true;
            }
            if (suffix.Length >= 2 && suffix[0] is 'e' or 'E'
                && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
                && exponent is >= -28 and <= 28)
            {
                format = QuantityFormat.DecimalExponent;
                var scale = 1m;
                for (var i = 0; i < Math.Abs(exponent); i++)
                    scale *= 10m;
                value = exponent >= 0 ? number * scale : number / scale;
                return true;
            }
        }
        catch (OverflowException)
        {
            return false;
        }
        return false;
    }
}

/// <summary>How a quantity was written; Kubernetes keeps the format for canonical output.</summary>
public enum QuantityFormat
{
    DecimalSI,
    BinarySI,
    DecimalExponent,
}
