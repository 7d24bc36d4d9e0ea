using OpenLocal.Domain.Discovery;

namespace OpenLocal.Hosts.Reconcilers.Tests.Domain;

public class StorageReservationTests
{
    private const long Gi = 1L << 30;

    // crds.md §1.5 vectors: total = 100Gi, foreign = 5Gi.
    [Theory]
    [InlineData(null, 95)]
    [InlineData("{\"pool\":\"10Gi\"}", 90)]
    [InlineData("{\"pool\":\"10%\"}", 90)]
    [InlineData("{\"pool\":\"3%\"}", 95)]
    [InlineData("{\"pool\":\"0%\"}", 95)]
    [InlineData("{\"pool\":\"200Gi\"}", 0)]
    [InlineData("{\"other\":\"50Gi\"}", 95)]
    public void Allocatable_follows_the_spec_vectors(string? annotation, long expectedGi)
    {
        var reservations = StorageReservations.Parse(annotation);

        var allocatable = Allocatable.Compute(100 * Gi, 5 * Gi, reservations.ReservedBytes("pool", 100 * Gi));

        Assert.Equal(expectedGi * Gi, allocatable);
        Assert.Empty(reservations.Errors);
    }

    [Fact]
    public void Decimal_percentages_and_plain_byte_counts_are_accepted()
    {
        var r = StorageReservations.Parse("{\"a\":\"12.5%\",\"b\":\"1073741824\"}");

        Assert.Equal(12 * Gi + Gi / 2, r.ReservedBytes("a", 100 * Gi));
        Assert.Equal(Gi, r.ReservedBytes("b", 100 * Gi));
    }

    [Fact]
    public void A_bad_entry_is_ignored_alone_and_reported()
    {
        var r = StorageReservations.Parse("{\"bad\":\"ten gigs\",\"good\":\"10Gi\",\"num\":5}");

        Assert.Equal(10 * Gi, r.ReservedBytes("good", 100 * Gi));
        Assert.Equal(0, r.ReservedBytes("bad", 100 * Gi));
        Assert.Equal(2, r.Errors.Count);
        Assert.Contains(r.Errors, e => e.Contains("\"bad\"", StringComparison.Ordinal));
        Assert.Contains(r.Errors, e => e.Contains("\"num\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"10%\"]")]
    public void An_unparsable_annotation_reserves_nothing_and_says_why(string annotation)
    {
        var r = StorageReservations.Parse(annotation);

        Assert.Empty(r.ByVolumeGroup);
        Assert.Single(r.Errors);
        Assert.Contains(StorageReservations.AnnotationKey, r.Errors[0], StringComparison.Ordinal);
    }
}
