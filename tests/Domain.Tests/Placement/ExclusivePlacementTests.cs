using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Tests.Placement;

/// <summary>extender.md §4.3 vectors, including open-local's over-commit defect.</summary>
public sealed class ExclusivePlacementTests
{
    private const long GiB = 1L << 30;

    private static List<ExclusiveDevice> Disks(params long[] gib) =>
        [.. gib.Select((g, i) => new ExclusiveDevice($"/dev/vd{(char)('b' + i)}", MediaType.Hdd, g * GiB))];

    private static List<ExclusiveClaim> Claims(params long[] gib) =>
        [.. gib.Select((g, i) => new ExclusiveClaim($"pvc-{i}", g * GiB, null))];

    [Fact]
    public void Open_local_defect_vector_does_not_fit()
    {
        // open-local: fits (only the 5Gi claim placed). OpenLocal: every claim needs a disk.
        Assert.Null(ExclusivePlacement.Assign(Disks(1, 10), Claims(5, 6)));
    }

    [Fact]
    public void Two_claims_on_two_big_disks_each_get_their_own()
    {
        var result = ExclusivePlacement.Assign(Disks(10, 10), Claims(5, 6));

        Assert.NotNull(result);
        Assert.NotEqual(result["pvc-0"].Path, result["pvc-1"].Path);
    }

    [Fact]
    public void A_claim_takes_the_smallest_disk_that_fits()
    {
        var result = ExclusivePlacement.Assign(Disks(5, 10), Claims(6));

        Assert.Equal("/dev/vdc", Assert.Single(result!).Value.Path);
    }

    [Fact]
    public void No_claims_always_fit()
    {
        Assert.Empty(ExclusivePlacement.Assign(Disks(4), [])!);
    }

    [Fact]
    public void A_claim_without_disks_does_not_fit()
    {
        Assert.Null(ExclusivePlacement.Assign(Disks(), Claims(1)));
    }

    [Fact]
    public void Small_claims_do_not_steal_the_disk_a_big_claim_needs()
    {
        // Min-fit by ascending size: 1→2, 3→4, 9→10 — a first-fit in request order would fail.
        var result = ExclusivePlacement.Assign(Disks(10, 2, 4), [new("big", 9 * GiB, null), new("s1", 1 * GiB, null), new("s3", 3 * GiB, null)]);

        Assert.NotNull(result);
        Assert.Equal(10 * GiB, result["big"].CapacityBytes);
        Assert.Equal(2 * GiB, result["s1"].CapacityBytes);
        Assert.Equal(4 * GiB, result["s3"].CapacityBytes);
    }

    [Fact]
    public void Media_specific_claims_use_only_their_media_and_go_before_any_media_claims()
    {
        var disks = new List<ExclusiveDevice>
        {
            new("/dev/ssd1", MediaType.Ssd, 10 * GiB),
            new("/dev/hdd1", MediaType.Hdd, 5 * GiB),
        };

        var result = ExclusivePlacement.Assign(disks, [new("any", 4 * GiB, null), new("ssd", 8 * GiB, MediaType.Ssd)]);
        Assert.NotNull(result);
        Assert.Equal("/dev/ssd1", result["ssd"].Path);
        Assert.Equal("/dev/hdd1", result["any"].Path);

        Assert.Null(ExclusivePlacement.Assign(disks, [new("hdd", 8 * GiB, MediaType.Hdd)]));
    }

    [Fact]
    public void Allocated_disks_are_not_offered()
    {
        var disks = Disks(10, 10);
        disks[0] = (ExclusiveDevice)disks[0].AllocateTo("taken");

        Assert.Null(ExclusivePlacement.Assign(disks, Claims(1, 1)));
        Assert.Equal("/dev/vdc", Assert.Single(ExclusivePlacement.Assign(disks, Claims(1))!).Value.Path);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(29)]
    [InlineData(313)]
    public void Random_claims_are_placed_whole_or_not_at_all_and_never_share_a_disk(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var disks = Disks([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.NextInt64(1, 20))]);
            var claims = Claims([.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.NextInt64(1, 20))]);
            var result = ExclusivePlacement.Assign(disks, claims);
            if (result is null)
                continue;
            Assert.Equal(claims.Count, result.Count);
            Assert.Equal(result.Count, result.Values.Select(d => d.Path).Distinct().Count());
            foreach (var claim in claims)
                Assert.True(result[claim.Key].CapacityBytes >= claim.SizeBytes);
        }
    }
}
