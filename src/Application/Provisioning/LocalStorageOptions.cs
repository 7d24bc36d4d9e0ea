namespace OpenLocal.Application.Provisioning;

/// <summary>What standalone mode (no cluster: `dev`, a single node) offers for scheduling.</summary>
public sealed record LocalStorageOptions
{
    public string NodeName { get; init; } = "node-1";

    /// <summary>The <c>kubernetes.io/hostname</c> value; defaults to the node name.</summary>
    public string? Hostname { get; init; }

    /// <summary>Mount points directly under this directory are MountPoint pools (agent <c>--path.mount</c>).</summary>
    public string MountRoot { get; init; } = "/mnt/open-local";

    /// <summary>VG names offered for LVM volumes (crds.md §1.4 include rule); defaults as open-local's Helm chart.</summary>
    public IReadOnlyList<string> VolumeGroupInclude { get; init; } = ["open-local-pool-[0-9]+", "yoda-pool[0-9]+", "ackdistro-pool"];

    /// <summary>Device paths offered for Device volumes; only free devices are ever offered.</summary>
    public IReadOnlyList<string> DeviceInclude { get; init; } = ["/dev/.+"];

    /// <summary>LV name prefixes that mark an LV as ours although it carries no tag (open-local's volumes, node-agent.md §3.2).</summary>
    public IReadOnlyList<string> OwnNamePrefixes { get; init; } = ["local-", "csi-", "snap-"];
}
