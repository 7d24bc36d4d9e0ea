using System.Globalization;
using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Quantities;

namespace OpenLocal.Domain.Tests.Quantities;

/// <summary>Vectors from Kubernetes' quantity_test.go (TestQuantityParse), value and format.</summary>
public sealed class QuantityParseTests
{
    public static TheoryData<string, string, QuantityFormat> KubernetesParseVectors => new()
    {
        { "0", "0", QuantityFormat.DecimalSI },
        { "0n", "0", QuantityFormat.DecimalSI },
        { "0u", "0", QuantityFormat.DecimalSI },
        { "0m", "0", QuantityFormat.DecimalSI },
        { "0Ki", "0", QuantityFormat.BinarySI },
        { "0k", "0", QuantityFormat.DecimalSI },
        { "0Mi", "0", QuantityFormat.BinarySI },
        { "0M", "0", QuantityFormat.DecimalSI },
        { "0Gi", "0", QuantityFormat.BinarySI },
        { "0G", "0", QuantityFormat.DecimalSI },
        { "0Ti", "0", QuantityFormat.BinarySI },
        { "0T", "0", QuantityFormat.DecimalSI },
        { "1", "1", QuantityFormat.DecimalSI },
        { "1Ki", "1024", QuantityFormat.BinarySI },
        { "8Ki", "8192", QuantityFormat.BinarySI },
        { "7Mi", "7340032", QuantityFormat.BinarySI },
        { "6Gi", "6442450944", QuantityFormat.BinarySI },
        { "5Ti", "5497558138880", QuantityFormat.BinarySI },
        { "4Pi", "4503599627370496", QuantityFormat.BinarySI },
        { "3Ei", "3458764513820540928", QuantityFormat.BinarySI },
        { "10Ti", "10995116277760", QuantityFormat.BinarySI },
        { "100Ti", "109951162777600", QuantityFormat.BinarySI },
        { "5n", "0.000000005", QuantityFormat.DecimalSI },
        { "4u", "0.000004", QuantityFormat.DecimalSI },
        { "3m", "0.003", QuantityFormat.DecimalSI },
        { "9", "9", QuantityFormat.DecimalSI },
        { "8k", "8000", QuantityFormat.DecimalSI },
        { "50k", "50000", QuantityFormat.DecimalSI },
        { "7M", "7000000", QuantityFormat.DecimalSI },
        { "6G", "6000000000", QuantityFormat.DecimalSI },
        { "5T", "5000000000000", QuantityFormat.DecimalSI },
        { "40T", "40000000000000", QuantityFormat.DecimalSI },
        { "300T", "300000000000000", QuantityFormat.DecimalSI },
        { "2P", "2000000000000000", QuantityFormat.DecimalSI },
        { "1E", "1000000000000000000", QuantityFormat.DecimalSI },
        { "1E-3", "0.001", QuantityFormat.DecimalExponent },
        { "1e3", "1000", QuantityFormat.DecimalExponent },
        { "1E6", "1000000", QuantityFormat.DecimalExponent },
        { "1e9", "1000000000", QuantityFormat.DecimalExponent },
        { "1E12", "1000000000000", QuantityFormat.DecimalExponent },
        { "1e15", "1000000000000000", QuantityFormat.DecimalExponent },
        { "1E18", "1000000000000000000", QuantityFormat.DecimalExponent },
        { "1e14", "100000000000000", QuantityFormat.DecimalExponent },
        { "1e13", "10000000000000", QuantityFormat.DecimalExponent },
        { "100.035k", "100035", QuantityFormat.DecimalSI },
        { "0.001", "0.001", QuantityFormat.DecimalSI },
        { "0.0005k", "0.5", QuantityFormat.DecimalSI },
        { "0.005", "0.005", QuantityFormat.DecimalSI },
        { "0.05", "0.05", QuantityFormat.DecimalSI },
        { "0.5", "0.5", QuantityFormat.DecimalSI },
        { "0.00050k", "0.5", QuantityFormat.DecimalSI },
        { "0.00500", "0.005", QuantityFormat.DecimalSI },
        { "0.05000", "0.05", QuantityFormat.DecimalSI },
        { "0.50000", "0.5", QuantityFormat.DecimalSI },
        { "0.5e0", "0.5", QuantityFormat.DecimalExponent },
        { "0.5e-1", "0.05", QuantityFormat.DecimalExponent },
        { "0.5e-2", "0.005", QuantityFormat.DecimalExponent },
        { "10.035M", "10035000", QuantityFormat.DecimalSI },
        { "1.2e3", "1200", QuantityFormat.DecimalExponent },
        { "1.3E+6", "1300000", QuantityFormat.DecimalExponent },
        { "1.40e9", "1400000000", QuantityFormat.DecimalExponent },
        { "1.53E12", "1530000000000", QuantityFormat.DecimalExponent },
        { "1.6e15", "1600000000000000", QuantityFormat.DecimalExponent },
        { "1.7E18", "1700000000000000000", QuantityFormat.DecimalExponent },
        { "9.01", "9.01", QuantityFormat.DecimalSI },
        { "8.1k", "8100", QuantityFormat.DecimalSI },
        { "7.123456M", "7123456", QuantityFormat.DecimalSI },
        { "6.987654321G", "6987654321", QuantityFormat.DecimalSI },
        { "5.444T", "5444000000000", QuantityFormat.DecimalSI },
        { "40.1T", "40100000000000", QuantityFormat.DecimalSI },
        { "300.2T", "300200000000000", QuantityFormat.DecimalSI },
        { "2.5P", "2500000000000000", QuantityFormat.DecimalSI },
        { "1.01E", "1010000000000000000", QuantityFormat.DecimalSI },
        // Things that saturate or round (up to the next nano-unit).
        { "3.001n", "0.000000004", QuantityFormat.DecimalSI },
        { "1.1E-9", "0.000000002", QuantityFormat.DecimalExponent },
        { "0.0000000001", "0.000000001", QuantityFormat.DecimalSI },
        { "0.0000000005", "0.000000001", QuantityFormat.DecimalSI },
        { "0.00000000050", "0.000000001", QuantityFormat.DecimalSI },
        { "0.5e-9", "0.000000001", QuantityFormat.DecimalExponent },
        { "0.9n", "0.000000001", QuantityFormat.DecimalSI },
        { "0.00000012345", "0.000000124", QuantityFormat.DecimalSI },
        { "0.00000012354", "0.000000124", QuantityFormat.DecimalSI },
        { "9Ei", "9223372036854775807", QuantityFormat.BinarySI },
        { "9223372036854775807Ki", "9223372036854775807", QuantityFormat.BinarySI },
        { "12E", "12000000000000000000", QuantityFormat.DecimalSI },
        // Fractional binary values.
        { "100.035Ki", "102435.84", QuantityFormat.BinarySI },
        { "0.5Mi", "524288", QuantityFormat.BinarySI },
        { "0.05Gi", "53687091.2", QuantityFormat.BinarySI },
        { "0.025Ti", "27487790694.4", QuantityFormat.BinarySI },
        // "Things written by trolls".
        { "0.000000000001Ki", "0.000000002", QuantityFormat.DecimalSI },
        { ".001", "0.001", QuantityFormat.DecimalSI },
        { ".0001k", "0.1", QuantityFormat.DecimalSI },
        { "1.", "1", QuantityFormat.DecimalSI },
        { "1.G", "1000000000", QuantityFormat.DecimalSI },
    };

    [Theory]
    [MemberData(nameof(KubernetesParseVectors))]
    public void Parses_like_Kubernetes(string input, string expected, QuantityFormat format)
    {
        var value = decimal.Parse(expected, CultureInfo.InvariantCulture);

        var q = Quantity.Parse(input);
        Assert.Equal(value, q.Value);
        Assert.Equal(format, q.Format);

        var plus = Quantity.Parse("+" + input);
        Assert.Equal(value, plus.Value);
        Assert.Equal(format, plus.Format);

        var minus = Quantity.Parse("-" + input);
        Assert.Equal(-value, minus.Value);
        Assert.Equal(format, minus.Format);
    }

    [Theory]
    [InlineData("1.1.M")]
    [InlineData("1+1.0M")]
    [InlineData("0.1mi")]
    [InlineData("0.1am")]
    [InlineData("aoeu")]
    [InlineData(".5i")]
    [InlineData("1i")]
    [InlineData("-3.01i")]
    [InlineData("-3.01e-")]
    [InlineData("1e4294967297")]
    [InlineData("1E2147483648")]
    [InlineData("1E-2147483648")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("")]
    [InlineData("Non-Numeric")]
    [InlineData("10 Gi")]
    [InlineData("1K")]
    [InlineData("5GB")]
    public void Rejects_what_Kubernetes_rejects(string input)
    {
        Assert.False(Quantity.TryParse(input, out _, out var error));
        Assert.NotEmpty(error);
        var ex = Assert.Throws<StorageException>(() => Quantity.Parse(input));
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
    }

    [Theory]
    [InlineData("1 ", "must match the regular expression")]
    [InlineData("1.1.M", "must match the regular expression")]
    [InlineData("5GB", "must match the regular expression")]
    [InlineData("5KiB", "must match the regular expression")]
    [InlineData("5kk", "unknown suffix \"kk\"")]
    [InlineData("0.1mi", "unknown suffix \"mi\"")]
    [InlineData("1e4294967297", "unknown suffix \"e4294967297\"")]
    [InlineData("", "must not be empty")]
    [InlineData("1e40", "out of range")]
    public void Rejection_message_names_the_problem(string input, string fragment)
    {
        Assert.False(Quantity.TryParse(input, out _, out var error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        if (input.Length > 0)
            Assert.Contains($"\"{input}\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ki")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("+")]
    [InlineData("e5")]
    public void Accepts_the_degenerate_texts_Kubernetes_reads_as_zero(string input)
    {
        // Kubernetes' scanner treats a missing numerator as 0; being "exactly Kubernetes" means we do too.
        Assert.True(Quantity.Parse(input).IsZero);
    }

    [Theory]
    [InlineData("1e-40", 0.000000001)]
    [InlineData("-1e-40", -0.000000001)]
    public void Tiny_non_zero_values_round_up_to_one_nano(string input, double expected)
    {
        Assert.Equal((decimal)expected, Quantity.Parse(input).Value);
    }

    [Theory]
    [InlineData("1Gi", 1073741824L)]
    [InlineData("1.5Gi", 1610612736L)]
    [InlineData("100m", 1L)]
    [InlineData("1.1", 2L)]
    [InlineData("-1.1", -2L)]
    [InlineData("5G", 5000000000L)]
    [InlineData("9Ei", long.MaxValue)]
    public void ToBytes_rounds_up_away_from_zero_like_Value(string input, long expected)
    {
        Assert.Equal(expected, Quantity.Parse(input).ToBytes());
    }

    [Fact]
    public void ToBytes_of_a_value_beyond_64_bits_is_out_of_range()
    {
        var ex = Assert.Throws<StorageException>(() => Quantity.Parse("12E").ToBytes());
        Assert.Equal(FailureKind.OutOfRange, ex.Kind);
    }

    [Fact]
    public void Equal_values_in_the_same_format_are_equal_whatever_their_text()
    {
        Assert.Equal(Quantity.Parse("1Gi"), Quantity.Parse("1024Mi"));
        Assert.Equal(Quantity.Parse("+5k"), Quantity.Parse("5k"));
        Assert.NotEqual(Quantity.Parse("1k"), Quantity.Parse("1e3"));
        Assert.Equal(Quantity.Parse("1Gi").GetHashCode(), Quantity.Parse("1024Mi").GetHashCode());
    }

    // Found by the quantity fuzz target (issue 19): a bare exponent suffix is zero, and parsing it
    // computed 10^exponent first, which never finished (afl-fuzz hang, input "e1111011101").
    [Theory(Timeout = 10_000)]
    [InlineData("e1111011101")]
    [InlineData("e-1111011101")]
    [InlineData("0e2147483647")]
    [InlineData("-.0e-2147483647")]
    public async Task A_zero_with_a_huge_exponent_parses_as_zero_at_once(string input)
    {
        var quantity = await Task.Run(() => Quantity.Parse(input));
        Assert.True(quantity.IsZero);
        Assert.Equal("0", quantity.ToString());
        Assert.Equal(0L, quantity.ToBytes());
    }
}
