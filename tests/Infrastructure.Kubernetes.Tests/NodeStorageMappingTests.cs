using k8s;
using OpenLocal.Infrastructure.Kubernetes.Reconcilers;
using OpenLocal.Infrastructure.Kubernetes.Resources;

namespace OpenLocal.Infrastructure.Kubernetes.Tests;

/// <summary>NLS/NLSC JSON → the Domain's spec, status and init config (crds.md §1–§2).</summary>
public sealed class NodeStorageMappingTests
{
    // Found by the nls/nlsc fuzz targets (issue 19): each null list entry threw NullReferenceException,
    // which stopped the agent's or the controller's sync for the whole resource.
    [Theory]
    [InlineData("""{"metadata":{"name":"n"},"spec":{"resourceToBeInited":{"vgs":[null,{"name":"pool","devices":["/dev/vdb"]}]}}}""")]
    [InlineData("""{"metadata":{"name":"n"},"spec":{"resourceToBeInited":{"mountpoints":[null]}}}""")]
    [InlineData("""{"metadata":{"name":"n"},"status":{"nodeStorageInfo":{"volumeGroups":[null,{"name":"pool","logicalVolumes":[null]}]}}}""")]
    [InlineData("""{"metadata":{"name":"n"},"status":{"nodeStorageInfo":{"deviceInfo":[null],"mountPoints":[null]}}}""")]
    public void A_null_entry_in_an_nls_list_counts_as_absent(string json)
    {
        var nls = KubernetesJson.Deserialize<NodeLocalStorage>(json);

        var spec = NodeStorageMapping.ToSpec("n", nls.Spec);
        var status = NodeStorageMapping.ToStatus(nls.Status);

        Assert.All(spec.Blocks.ResourceToBeInited.VolumeGroups, v => Assert.Equal("pool", v.Name));
        Assert.Empty(spec.Blocks.ResourceToBeInited.MountPoints);
        Assert.All(status?.Info.VolumeGroups ?? default, v => Assert.Empty(v.LogicalVolumes));
        Assert.Empty(status?.Info.Devices ?? default);
    }

    [Theory]
    [InlineData("""{"spec":{"nodesConfig":[null]}}""")]
    [InlineData("""{"spec":{"nodesConfig":[{"selector":{"matchExpressions":[null,{"key":"storage","operator":"In","values":["lvm"]}]},"listConfig":{"vgs":{"include":["x"]}}}]}}""")]
    public void A_null_entry_in_an_nlsc_list_counts_as_absent(string json)
    {
        var nlsc = KubernetesJson.Deserialize<NodeLocalStorageInitConfig>(json);

        var desired = NodeStorageMapping.ToInitConfig(nlsc.Spec).DesiredSpecFor("n", new Dictionary<string, string> { ["storage"] = "lvm" });

        Assert.Equal("n", desired.NodeName);
    }
}
