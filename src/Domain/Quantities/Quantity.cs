using System.Globalization;
using System.Numerics;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Domain.Quantities;

/// <summary>
/// A Kubernetes <c>resource.Quantity</c> (k8s.io/apimachinery/pkg/api/resource): parsed, rounded
/// and printed exactly as Kubernetes does. The value is exact (mantissa × 10^exponent), rounded up
/// to nano units on parse; BinarySI values are capped at 2^63−1 like Kubernetes. Beyond
/// Kubernetes, magnitudes above <see cref="decimal.MaxValue"/> are rejected (no volume is that big).
/// </summary>
public readonly record struct Quantity
{
    private const int NanoExponent = -9;

    /// <summary>Go's <c>maxInt64Factors</c>: decimal digits that always fit an int64.</summary>
    private const int MaxInt64Factors = 18;

    private static readonly BigInteger DecimalMax = new(decimal.MaxValue);
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    private static readonly string[] DecimalSuffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];

    /// <summary>Kubernetes' own wording of the accepted shape (its ErrFormatWrong regular expression).</summary>
    public const string Shape = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    private readonly BigInteger _mantissa;
    private readonly int _exponent;

    /// <summary>The input text when Kubernetes would keep it as the canonical string (its fast path).</summary>
    private readonly string? _text;

    private Quantity(BigInteger mantissa, int exponent, QuantityFormat format, string? text = null)
    {
        // Normalised so that equal values compare equal: no trailing decimal zeros in the mantissa.
        if (mantissa.IsZero)
        {
            exponent = 0;
        }
        else
        {
            while (BigInteger.Remainder(mantissa, 10).IsZero)
            {
                mantissa /= 10;
                exponent++;
            }
        }
        _mantissa = mantissa;
        _exponent = exponent;
        Format = format;
        _text = text;
    }

    public QuantityFormat Format { get; }

    /// <summary>The value as a decimal; exact up to 28 significant digits.</summary>
    public decimal Value
    {
        get
        {
            if (_exponent >= 0)
                return (decimal)(_mantissa * BigInteger.Pow(10, _exponent));
            var divisor = BigInteger.Pow(10, -_exponent);
            var whole = BigInteger.DivRem(_mantissa, divisor, out var remainder);
            return (decimal)whole + ((decimal)remainder / (decimal)divisor);
        }
    }

    public bool IsZero => _mantissa.IsZero;

    public int Sign => _mantissa.Sign;

    public static Quantity FromBytes(long bytes) => new(bytes, 0, QuantityFormat.BinarySI);

    public static Quantity Parse(string text) =>
        TryParse(text, out var q, out var error) ? q : throw StorageException.InvalidArgument(error);

    public static bool TryParse(string? text, out Quantity quantity) => TryParse(text, out quantity, out _);

    /// <summary>Kubernetes' <c>ParseQuantity</c>; <paramref name="error"/> says what is wrong with the text.</summary>
    public static bool TryParse(string? text, out Quantity quantity, out string error)
    {
        quantity = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "quantity must not be empty";
            return false;
        }
        if (text == "0")
        {
            quantity = new Quantity(BigInteger.Zero, 0, QuantityFormat.DecimalSI, text);
            error = string.Empty;
            return true;
        }
        if (!QuantityText.TryScan(text, out var scanned))
        {
            error = $"quantity \"{text}\" must match the regular expression '{Shape}' (a number, then an optional suffix, no spaces)";
            return false;
        }
        if (!TryInterpretSuffix(scanned.Suffix, out var numberBase, out var exponent, out var format))
        {
            error = $"quantity \"{text}\" has an unknown suffix \"{scanned.Suffix}\" (expected Ki, Mi, Gi, Ti, Pi, Ei, n, u, m, k, M, G, T, P, E or an exponent like e9)";
            return false;
        }
        return TryBuild(text, scanned, numberBase, exponent, format, out quantity, out error);
    }

    /// <summary>The value in whole units rounded up, away from zero (Kubernetes <c>Quantity.Value()</c>).</summary>
    public long ToBytes()
    {
        var whole = CeilingAwayFromZero();
        if (whole > long.MaxValue || whole < long.MinValue)
            throw StorageException.OutOfRange($"quantity {this} does not fit in 64 bits");
        return (long)whole;
    }

    /// <summary>Kubernetes' <c>NewQuantity(bytes, BinarySI).String()</c> (<c>5368709120</c> → <c>5Gi</c>, <c>1536</c> → <c>1536</c>).</summary>
    public static string FormatBinary(long bytes) => FromBytes(bytes).ToString();

    /// <summary>Kubernetes' canonical <c>String()</c>.</summary>
    public override string ToString()
    {
        if (_text is not null)
            return _text;
        if (_mantissa.IsZero)
            return "0";
        var format = Format;
        if (format == QuantityFormat.BinarySI)
        {
            // As CanonicalizeBytes: small or fractional binary values print as DecimalSI.
            var magnitude = BigInteger.Abs(_mantissa) * (_exponent > 0 ? BigInteger.Pow(10, _exponent) : BigInteger.One);
            if (_exponent < 0 || magnitude < 1024)
                format = QuantityFormat.DecimalSI;
            else
                return FormatBase1024(_mantissa * BigInteger.Pow(10, _exponent));
        }
        var (mantissa, exponent) = CanonicalBase10();
        var digits = mantissa.ToString(CultureInfo.InvariantCulture);
        if (format == QuantityFormat.DecimalSI && exponent is >= -9 and <= 18)
            return digits + DecimalSuffixes[(exponent + 9) / 3];
        return exponent == 0 ? digits : digits + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    public bool Equals(Quantity other) => _mantissa == other._mantissa && _exponent == other._exponent && Format == other.Format;

    public override int GetHashCode() => HashCode.Combine(_mantissa, _exponent, Format);

    private string FormatBase1024(BigInteger value)
    {
        var times = 0;
        var magnitude = BigInteger.Abs(value);
        while (magnitude >= 1024 && (magnitude % 1024).IsZero)
        {
            magnitude /= 1024;
            times++;
        }
        if (times < BinarySuffixes.Length)
            return (value.Sign < 0 ? "-" : string.Empty) + magnitude.ToString(CultureInfo.InvariantCulture) + BinarySuffixes[times];
        // Past Ei there is no binary suffix: the exact decimal form (Kubernetes' fallback).
        var (mantissa, exponent) = CanonicalBase10();
        var digits = mantissa.ToString(CultureInfo.InvariantCulture);
        return exponent == 0 ? digits : digits + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Mantissa and an exponent that is a multiple of 3 (Kubernetes' AsCanonicalBytes).</summary>
    private (BigInteger Mantissa, int Exponent) CanonicalBase10()
    {
        var mantissa = _mantissa;
        var exponent = _exponent;
        while (exponent % 3 != 0)
        {
            mantissa *= 10;
            exponent--;
        }
        return (mantissa, exponent);
    }

    private BigInteger CeilingAwayFromZero()
    {
        if (_exponent >= 0)
            return _mantissa * BigInteger.Pow(10, _exponent);
        var whole = BigInteger.DivRem(BigInteger.Abs(_mantissa), BigInteger.Pow(10, -_exponent), out var remainder);
        if (!remainder.IsZero)
            whole += 1;
        return _mantissa.Sign < 0 ? -whole : whole;
    }

    private static bool TryInterpretSuffix(string suffix, out int numberBase, out int exponent, out QuantityFormat format)
    {
        numberBase = 10;
        format = QuantityFormat.DecimalSI;
        var decimalIndex = Array.IndexOf(DecimalSuffixes, suffix);
        if (decimalIndex >= 0)
        {
            exponent = (decimalIndex * 3) - 9;
            return true;
        }
        var binaryIndex = suffix.Length == 2 ? Array.IndexOf(BinarySuffixes, suffix) : -1;
        if (binaryIndex > 0)
        {
            numberBase = 2;
            exponent = binaryIndex * 10;
            format = QuantityFormat.BinarySI;
            return true;
        }
        format = QuantityFormat.DecimalExponent;
        exponent = 0;
        // Go: strconv.ParseInt(s[1:], 10, 64) bounded to ±MaxInt32 (MinInt32 cannot be negated).
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && long.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            && parsed is >= -int.MaxValue and <= int.MaxValue)
        {
            exponent = (int)parsed;
            return true;
        }
        return false;
    }

    private static bool TryBuild(string text, ScannedQuantity scanned, int numberBase, int exponent, QuantityFormat format, out Quantity quantity, out string error)
    {
        quantity = default;
        error = string.Empty;
        var shifted = scanned.Numerator + scanned.Denominator;
        var digits = BigInteger.Parse(shifted, NumberStyles.None, CultureInfo.InvariantCulture);
        if (!scanned.Positive)
            digits = -digits;

        BigInteger mantissa;
        long exponent10;
        if (numberBase == 2)
        {
            mantissa = digits << exponent;
            exponent10 = -scanned.Denominator.Length;
        }
        else
        {
            mantissa = digits;
            exponent10 = (long)exponent - scanned.Denominator.Length;
        }

        if (!mantissa.IsZero)
        {
            var digitCount = BigInteger.Abs(mantissa).ToString(CultureInfo.InvariantCulture).Length;
            if (digitCount + exponent10 > 29)
            {
                error = $"quantity \"{text}\" is out of range: OpenLocal accepts magnitudes up to {decimal.MaxValue.ToString(CultureInfo.InvariantCulture)}";
                return false;
            }
            if (digitCount + exponent10 <= NanoExponent)
            {
                // Below one nano-unit: Kubernetes rounds any non-zero amount up to 1n.
                mantissa = mantissa.Sign;
                exponent10 = NanoExponent;
            }
            else if (exponent10 < NanoExponent)
            {
                var divisor = BigInteger.Pow(10, (int)(NanoExponent - exponent10));
                var whole = BigInteger.DivRem(BigInteger.Abs(mantissa), divisor, out var remainder);
                if (!remainder.IsZero)
                    whole += 1;
                mantissa = mantissa.Sign < 0 ? -whole : whole;
                exponent10 = NanoExponent;
            }
        }
        else
        {
            // A zero keeps no scale: "e1111011101" is 0, and 10^1111011101 must never be computed (issue 19 fuzzing).
            exponent10 = 0;
        }

        if (format == QuantityFormat.BinarySI)
        {
            var magnitude = BigInteger.Abs(mantissa);
            var scale = BigInteger.Pow(10, (int)Math.Max(0, exponent10));
            var divisor = BigInteger.Pow(10, (int)Math.Max(0, -exponent10));
            if (magnitude * scale > long.MaxValue * divisor)
            {
                mantissa = mantissa.Sign * new BigInteger(long.MaxValue);
                exponent10 = 0;
            }
            else if (!magnitude.IsZero && magnitude * scale < divisor)
            {
                format = QuantityFormat.DecimalSI;
            }
        }

        var wholePart = exponent10 >= 0
            ? BigInteger.Abs(mantissa) * BigInteger.Pow(10, (int)exponent10)
            : BigInteger.Abs(mantissa) / BigInteger.Pow(10, (int)-exponent10);
        if (wholePart > DecimalMax)
        {
            error = $"quantity \"{text}\" is out of range: OpenLocal accepts magnitudes up to {decimal.MaxValue.ToString(CultureInfo.InvariantCulture)}";
            return false;
        }

        quantity = new Quantity(mantissa, (int)exponent10, format, KeepsText(text, scanned, numberBase, exponent, format) ? text : null);
        return true;
    }

    /// <summary>
    /// Kubernetes keeps the input as the canonical string when its int64 fast path applies and the
    /// text is already canonical (quantity.go ParseQuantity): <c>"100m"</c>, <c>"1Ki"</c>, but also
    /// <c>"+1Ki"</c> and <c>"1E3"</c> print as written.
    /// </summary>
    private static bool KeepsText(string text, ScannedQuantity scanned, int numberBase, int exponent, QuantityFormat format)
    {
        var shifted = scanned.Numerator + scanned.Denominator;
        long multiplier = 1;
        int precision;
        var scale = 0L;
        if (format is QuantityFormat.DecimalExponent or QuantityFormat.DecimalSI && numberBase == 10)
        {
            scale = exponent;
            precision = MaxInt64Factors - shifted.Length;
        }
        else if (numberBase == 2 && scanned.Denominator.Length == 0)
        {
            multiplier = 1L << exponent;
            precision = 15 - scanned.Numerator.Length - (int)((float)exponent * 3 / 10) - 1;
        }
        else
        {
            return false;
        }
        if (precision < 0)
            return false;
        scale -= scanned.Denominator.Length;
        if (scale < NanoExponent)
            return false;
        if (!long.TryParse(shifted, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            return false;
        if (value != 0 && Math.Abs(value) > long.MaxValue / multiplier)
            return false;
        return numberBase == 2
            ? exponent % 10 == 0 && (value & 0x07) != 0
            : scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
    }
}

/// <summary>How a quantity was written; Kubernetes keeps the format for canonical output.</summary>
public enum QuantityFormat
{
    DecimalSI,
    BinarySI,
    DecimalExponent,
}
