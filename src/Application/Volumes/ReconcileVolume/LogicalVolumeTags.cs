using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.ReconcileVolume;

/// <summary>The LVM tags of crds.md §7 (DESIGN decision 7): how a restarted node recognises its own LVs.</summary>
public static class LogicalVolumeTags
{
    public const string VolumeIdPrefix = "openlocal.volume-id=";
    public const string KindPrefix = "openlocal.kind=";
    public const string ClaimPrefix = "openlocal.pvc=";
    public const string ClusterPrefix = "openlocal.cluster=";

    public static IReadOnlyList<string> For(LocalVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var tags = new List<string>
        {
            KindPrefix + (volume.Ephemeral is null ? "volume" : "ephemeral"),
            VolumeIdPrefix + volume.Id,
        };
        if (volume.Claim is not null)
            tags.Add($"{ClaimPrefix}{volume.Claim.Namespace}/{volume.Claim.Name}");
        return tags;
    }

    public static IReadOnlyList<string> ForSnapshot(string snapshotId) => [KindPrefix + "snapshot", VolumeIdPrefix + snapshotId];
}
