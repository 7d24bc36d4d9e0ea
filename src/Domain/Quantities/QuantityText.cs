namespace OpenLocal.Domain.Quantities;

/// <summary>The pieces of a quantity's text: sign, numerator without leading zeros, fraction digits, suffix.</summary>
internal readonly record struct ScannedQuantity(bool Positive, string Numerator, string Denominator, string Suffix);

/// <summary>
/// Kubernetes' <c>parseQuantityString</c> scanner, step for step, so that exactly the texts Kubernetes
/// accepts are accepted (including its oddities: <c>"1."</c>, <c>".5"</c>, <c>"1.G"</c>, and a bare
/// suffix such as <c>"Ki"</c>, which Kubernetes reads as zero).
/// </summary>
internal static class QuantityText
{
    private const string SuffixLetters = "eEinumkKMGTP";

    public static bool TryScan(string s, out ScannedQuantity scanned)
    {
        scanned = default;
        var positive = true;
        var pos = 0;
        var end = s.Length;
        if (pos < end && s[0] is '-' or '+')
        {
            positive = s[0] == '+';
            pos++;
        }

        while (pos < end && s[pos] == '0')
            pos++;
        if (pos >= end)
        {
            scanned = new ScannedQuantity(positive, "0", string.Empty, string.Empty);
            return true;
        }

        var numStart = pos;
        while (pos < end && char.IsAsciiDigit(s[pos]))
            pos++;
        var numerator = pos > numStart ? s[numStart..pos] : "0";

        var denominator = string.Empty;
        if (pos < end && s[pos] == '.')
        {
            pos++;
            var denomStart = pos;
            while (pos < end && char.IsAsciiDigit(s[pos]))
                pos++;
            denominator = s[denomStart..pos];
        }

        var suffixStart = pos;
        while (pos < end && SuffixLetters.Contains(s[pos], StringComparison.Ordinal))
            pos++;
        if (pos < end && s[pos] is '-' or '+')
            pos++;
        while (pos < end && char.IsAsciiDigit(s[pos]))
            pos++;
        if (pos < end)
            return false;
        scanned = new ScannedQuantity(positive, numerator, denominator, s[suffixStart..]);
        return true;
    }
}
