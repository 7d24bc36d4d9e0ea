namespace OpenLocal.Application.NodeVolumes;

/// <summary>Node-plugin settings that change how volumes are published (csi.md §1 env and flags).</summary>
public sealed record NodePublishOptions
{
    /// <summary>kubelet's root directory (<c>--kubelet-dir</c>), used to find the pod UID in a target path.</summary>
    public string KubeletDir { get; init; } = "/var/lib/kubelet";

    /// <summary><c>MNT_Double_Check=true</c>: re-verify the mount one second after mounting (csi.md §1).</summary>
    public bool DoubleCheckMount { get; init; }
}
