using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Tests.Volumes;

/// <summary>Issue 19: the one rule for every target, staging and volume path a node RPC names.</summary>
public sealed class KubeletDirectoryTests
{
    private static readonly KubeletDirectory Kubelet = new("/var/lib/kubelet/");

    [Theory]
    [InlineData("/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/pv/mount")]
    [InlineData("/var/lib/kubelet/plugins/kubernetes.io/csi/volumeDevices/publish/pv/uid")]
    [InlineData("/var/lib/kubelet/plugins/kubernetes.io/csi/local.csi.aliyun.com/abc/globalmount")]
    [InlineData("/var/lib/kubelet//pods/./uid/mount/")]
    public void Paths_below_pods_or_plugins_are_accepted(string path) =>
        Assert.Null(Kubelet.PlacementError(path, path, Kubelet.Root));

    [Theory]
    [InlineData("/etc/passwd", "outside")]
    [InlineData("/var/lib/kubelet", "outside")]
    [InlineData("/var/lib/kubelet/pods", "outside")]
    [InlineData("/var/lib/kubelet/config.yaml", "outside")]
    [InlineData("/var/lib/kubelet/plugins/local.csi.aliyun.com/csi.sock", "outside")]
    [InlineData("/var/lib/kubelet/plugins/local.csi.aliyun.com/state/local-1.json", "outside")]
    [InlineData("/var/lib/kubelet/plugins/kubernetes.io", "outside")]
    [InlineData("/var/lib/kubeletx/pods/uid/mount", "outside")]
    [InlineData("/var/lib/kubelet/pods/../../../../etc/passwd", "\"..\"")]
    [InlineData("var/lib/kubelet/pods/uid/mount", "absolute")]
    [InlineData("/var/lib/kubelet/pods/uid\0/mount", "NUL")]
    public void Other_paths_are_refused_with_the_reason(string path, string reason)
    {
        var error = Kubelet.PlacementError(path, path, Kubelet.Root);

        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_paths_and_elements_are_refused()
    {
        var longPath = "/var/lib/kubelet/pods/" + string.Join('/', Enumerable.Repeat(new string('a', 200), 50));
        var longName = "/var/lib/kubelet/pods/" + new string('a', 256);

        Assert.Contains("4095 bytes", KubeletDirectory.SyntaxError(longPath), StringComparison.Ordinal);
        Assert.Contains("255 bytes", KubeletDirectory.SyntaxError(longName), StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_inside_that_resolves_outside_through_a_symlink_is_refused()
    {
        const string path = "/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/pv/mount";

        var error = Kubelet.PlacementError(path, "/etc/passwd", Kubelet.Root);

        Assert.Contains("resolves to /etc/passwd", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kubelet_dir_that_is_itself_a_symlink_is_judged_by_its_resolution()
    {
        const string path = "/var/lib/kubelet/pods/uid/mount";

        Assert.Null(Kubelet.PlacementError(path, "/data/kubelet/pods/uid/mount", "/data/kubelet"));
        Assert.NotNull(Kubelet.PlacementError(path, "/data/other/pods/uid/mount", "/data/kubelet"));
    }

    [Theory]
    [InlineData("/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/local-1/mount", true)]
    [InlineData("/var/lib/kubelet/plugins/kubernetes.io/csi/volumeDevices/publish/local-1/uid", true)]
    [InlineData("/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/local-2/mount", false)]
    [InlineData("/var/lib/kubelet/pods/local-1/mount", false)]
    public void Kubelets_target_layout_names_the_volume(string path, bool expected) =>
        Assert.Equal(expected, Kubelet.IsPublishTargetOf(path, "local-1"));
}
