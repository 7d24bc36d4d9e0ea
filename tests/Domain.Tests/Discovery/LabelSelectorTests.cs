using OpenLocal.Domain.Discovery;

namespace OpenLocal.Domain.Tests.Discovery;

/// <summary>NLSC <c>nodesConfig[].selector</c> evaluation (crds.md §2).</summary>
public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal) { ["storage"] = "lvm" };

    // Found by the nlsc fuzz target (issue 19): {"matchExpressions":[{"operator":"DoesNotExist"}]}
    // decodes with a null key, and matching it threw ArgumentNullException.
    [Theory]
    [InlineData(null, "DoesNotExist")]
    [InlineData("", "DoesNotExist")]
    [InlineData(null, "NotIn")]
    [InlineData("", "Exists")]
    public void A_requirement_without_a_key_matches_no_node(string? key, string op)
    {
        var values = op == "NotIn" ? new[] { "x" }.ToValueArray() : default;
        var selector = new LabelSelector(new Dictionary<string, string>(), new[] { new LabelRequirement(key!, op, values) }.ToValueArray());

        Assert.False(selector.Matches(Labels));
    }

    [Fact]
    public void A_well_formed_requirement_still_matches()
    {
        var selector = new LabelSelector(new Dictionary<string, string>(), new[] { new LabelRequirement("storage", "In", new[] { "lvm" }.ToValueArray()) }.ToValueArray());

        Assert.True(selector.Matches(Labels));
    }
}
