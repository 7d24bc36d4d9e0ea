using OpenLocal.Domain.Filtering;

namespace OpenLocal.Domain.Tests.Filtering;

/// <summary>Every vector of crds.md §1.4 (normative, exact).</summary>
public sealed class NameFilterTests
{
    public static TheoryData<string[], string[], string[]?, string[]> Vectors => new()
    {
        { ["paas1", "paas"], ["paas[0-9]*"], ["paas[0-1]+"], ["paas"] },
        { ["paas4", "share"], ["paas[0-9]+", "share"], null, ["paas4", "share"] },
        { ["paas1"], ["paas|paas1"], null, [] },
        { ["paas1"], ["paas1|paas"], null, ["paas1"] },
        { ["paas1"], ["paas[0-9]*?"], null, [] },
        { ["open-local-pool-0"], ["pool"], null, [] },
        { ["open-local-pool-0"], [".*pool.*"], null, ["open-local-pool-0"] },
        { ["open-local-pool-0"], ["^open-local-pool-[0-9]+$"], null, ["open-local-pool-0"] },
        { ["/dev/vda", "/dev/vdb", "/dev/vdb1", "/dev/vdc", "/dev/vdd"], ["/dev/vd[a-d]+"], ["/dev/vda", "/dev/vdb"], ["/dev/vdc", "/dev/vdd"] },
        { ["open-local-pool-0"], [], null, [] },
        { ["vg1"], ["vg1", "vg1"], null, ["vg1"] },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Selects_exactly_what_open_local_selects(string[] candidates, string[] include, string[]? exclude, string[] expected)
    {
        var result = NameFilter.Apply(candidates, include, exclude);

        Assert.Equal(expected, result.Selected);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void Absent_include_selects_nothing()
    {
        Assert.Empty(NameFilter.Apply(["vg1"], null, null).Selected);
    }

    [Fact]
    public void An_invalid_pattern_is_reported_by_name_and_skipped_while_the_others_apply()
    {
        var invalidOnly = NameFilter.Apply(["vg1"], ["["], null);
        Assert.Empty(invalidOnly.Selected);
        var error = Assert.Single(invalidOnly.Errors);
        Assert.Contains("\"[\"", error, StringComparison.Ordinal);

        var mixed = NameFilter.Apply(["vg1", "vg2"], ["[", "vg2"], ["(unclosed"]);
        Assert.Equal(["vg2"], mixed.Selected);
        Assert.Equal(2, mixed.Errors.Count);
    }

    [Fact]
    public void Result_is_sorted_ordinally_whatever_the_candidate_order()
    {
        var result = NameFilter.Apply(["vg-b", "VG-c", "vg-a"], [".*"], null);
        Assert.Equal(["VG-c", "vg-a", "vg-b"], result.Selected);
    }

    [Fact]
    public void A_catastrophically_backtracking_pattern_times_out_instead_of_hanging()
    {
        var name = new string('a', 40) + "!";
        var result = NameFilter.Apply([name], ["(a+)+b"], null);

        Assert.Empty(result.Selected);
        Assert.Contains(result.Errors, e => e.Contains("timed out", StringComparison.Ordinal));
    }
}
