using k8s.Models;
using OpenLocal.Domain.Volumes;
using OpenLocal.Hosts.Extender.Watch;

namespace OpenLocal.Hosts.Extender.Tests.Watch;

/// <summary>Issue 19 item 7 / ADR 0050: an empty volumeType is a missing one, also in the PVs the ledger counts.</summary>
public sealed class FactMapperTests
{
    private static V1PersistentVolume Pv(Dictionary<string, string> attributes) => new()
    {
        Metadata = new V1ObjectMeta { Name = "local-1" },
        Spec = new V1PersistentVolumeSpec
        {
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("5Gi") },
            Csi = new V1CSIPersistentVolumeSource { Driver = "local.csi.aliyun.com", VolumeHandle = "local-1", VolumeAttributes = attributes },
            NodeAffinity = new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = ["node-1"] }] }],
                },
            },
        },
    };

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void A_PV_with_an_empty_or_missing_volumeType_counts_as_LVM(string? volumeType)
    {
        var attributes = new Dictionary<string, string> { ["vgName"] = "open-local-pool-0" };
        if (volumeType is not null)
            attributes["volumeType"] = volumeType;

        var fact = FactMapper.ToFact(Pv(attributes));

        Assert.NotNull(fact);
        Assert.Equal(VolumeType.LVM, fact.Type);
        Assert.Equal("open-local-pool-0", fact.Pool);
    }

    [Fact]
    public void A_PV_with_a_wrongly_cased_volumeType_is_not_ours_to_count()
    {
        Assert.Null(FactMapper.ToFact(Pv(new Dictionary<string, string> { ["volumeType"] = "lvm", ["vgName"] = "open-local-pool-0" })));
    }
}
