using OpenLocal.Application.NodeVolumes;

namespace OpenLocal.Hosts.Csi.Tests.Units;

public sealed class NodeVolumeRulesTests
{
    [Theory]
    [InlineData("/var/lib/kubelet", "/var/lib/kubelet/pods/0b0ab7b4-5f0e/volumes/kubernetes.io~csi/pv-1/mount", "0b0ab7b4-5f0e")]
    [InlineData("/data/kubelet", "/data/kubelet/pods/uid-2/volumes/kubernetes.io~csi/inline/mount", "uid-2")]
    [InlineData("/var/lib/kubelet", "/var/lib/kubelet/plugins/kubernetes.io/csi/volumeDevices/publish/pv-1/uid-3", "uid-3")]
    [InlineData("/var/lib/kubelet", "/tmp/target", null)]
    public void The_pod_uid_comes_from_the_target_path_under_any_kubelet_dir(string kubeletDir, string target, string? uid) =>
        Assert.Equal(uid, PodUids.FromTargetPath(target, kubeletDir));

    [Fact]
    public void The_pod_uid_context_key_wins_over_the_path()
    {
        var context = new Dictionary<string, string> { ["csi.storage.k8s.io/pod.uid"] = "from-context" };

        Assert.Equal("from-context", PodUids.Find(context, "/var/lib/kubelet/pods/from-path/volumes/x/y/mount", "/var/lib/kubelet"));
    }

    [Theory]
    [InlineData("ext4", false, new[] { "noatime", "noatime" }, new[] { "rw", "noatime" })]
    [InlineData("ext4", true, new[] { "rw", "noatime" }, new[] { "ro", "noatime" })]
    [InlineData("xfs", false, new string[0], new[] { "rw", "nouuid" })]
    [InlineData("xfs", true, new[] { "nouuid" }, new[] { "ro", "nouuid" })]
    public void Mount_options_are_ordered_and_deduplicated(string fs, bool readOnly, string[] flags, string[] expected) =>
        Assert.Equal(expected, MountOptions.For(fs, readOnly, flags));
}
