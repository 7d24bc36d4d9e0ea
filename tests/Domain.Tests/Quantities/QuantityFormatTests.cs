using OpenLocal.Domain.Quantities;

namespace OpenLocal.Domain.Tests.Quantities;

/// <summary>Canonical String() vectors from Kubernetes' quantity_test.go (TestQuantityString, TestQuantityParseEmit).</summary>
public sealed class QuantityFormatTests
{
    [Theory]
    // TestQuantityString: the "alternate" spelling canonicalises to "expect".
    [InlineData("1024Mi", "1Gi")]
    [InlineData("307200Ki", "300Mi")]
    [InlineData("1025024Mi", "1001Gi")]
    [InlineData("1024Gi", "1Ti")]
    [InlineData("5000m", "5")]
    [InlineData("0.5", "500m")]
    [InlineData("1000M", "1G")]
    [InlineData("0.001T", "1G")]
    [InlineData("1000u", "1m")]
    [InlineData("1.08", "1080m")]
    [InlineData("1080000000n", "1080m")]
    [InlineData("1000E", "1e21")]
    [InlineData("5000E", "5e21")]
    [InlineData("1000000E", "1e24")]
    [InlineData(".001e12", "1e9")]
    [InlineData("0.001e0", "1e-3")]
    [InlineData("1000e-12", "1e-9")]
    [InlineData("00", "0")]
    // TestQuantityParseEmit.
    [InlineData("1Ki", "1Ki")]
    [InlineData("1Mi", "1Mi")]
    [InlineData("1Gi", "1Gi")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData(".000000000001Ki", "2n")]
    // The brief's examples.
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("1000", "1k")]
    [InlineData("0.1", "100m")]
    [InlineData("1500m", "1500m")]
    [InlineData("1.5", "1500m")]
    [InlineData("100.035Ki", "102435840m")]
    [InlineData("9Ei", "9223372036854775807")]
    [InlineData("2048", "2048")]
    [InlineData("1536", "1536")]
    public void Canonicalises_like_Kubernetes(string input, string expected)
    {
        Assert.Equal(expected, Quantity.Parse(input).ToString());
    }

    [Theory]
    [InlineData("1Gi")]
    [InlineData("300Mi")]
    [InlineData("6Ki")]
    [InlineData("1001Gi")]
    [InlineData("1Ti")]
    [InlineData("5")]
    [InlineData("500m")]
    [InlineData("1G")]
    [InlineData("1m")]
    [InlineData("80m")]
    [InlineData("1080m")]
    [InlineData("300M")]
    [InlineData("1T")]
    [InlineData("1E")]
    [InlineData("1e21")]
    [InlineData("5e21")]
    [InlineData("1e24")]
    [InlineData("1234567M")]
    [InlineData("1234567m")]
    [InlineData("3k")]
    [InlineData("1025")]
    [InlineData("0")]
    [InlineData("1e9")]
    [InlineData("1e-3")]
    [InlineData("1e-9")]
    [InlineData("80e-3")]
    [InlineData("300e6")]
    [InlineData("1e12")]
    [InlineData("1e3")]
    [InlineData("3e3")]
    [InlineData("1n")]
    [InlineData("80n")]
    [InlineData("1080n")]
    [InlineData("1u")]
    [InlineData("80u")]
    [InlineData("1080u")]
    public void Canonical_strings_round_trip_and_their_negations_print_with_a_minus(string canonical)
    {
        Assert.Equal(canonical, Quantity.Parse(canonical).ToString());
        if (canonical != "0")
            Assert.Equal("-" + canonical, Quantity.Parse("-" + canonical).ToString());
    }

    [Theory]
    [InlineData("+1Ki", "+1Ki")]
    [InlineData("1E3", "1E3")]
    [InlineData("01Ki", "01Ki")]
    [InlineData("+1.5Gi", "1536Mi")]
    public void Keeps_the_input_text_exactly_when_Kubernetes_does(string input, string expected)
    {
        // Kubernetes' fast path reuses an already-canonical input verbatim, sign and case included.
        Assert.Equal(expected, Quantity.Parse(input).ToString());
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1536L, "1536")]
    [InlineData(5368709120L, "5Gi")]
    [InlineData(4194304L, "4Mi")]
    [InlineData(1023L, "1023")]
    [InlineData(107374182400L, "100Gi")]
    [InlineData(-1073741824L, "-1Gi")]
    public void FormatBinary_prints_like_NewQuantity_BinarySI(long bytes, string expected)
    {
        Assert.Equal(expected, Quantity.FormatBinary(bytes));
    }
}
