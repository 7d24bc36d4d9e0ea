using OpenLocal.Domain.Placement;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Provisioning;

/// <summary>How CreateVolume picks among nodes and VGs (CLI <c>--scheduler-strategy</c>; must equal the extender's).</summary>
public sealed record PlacementOptions
{
    public PlacementStrategy Strategy { get; init; } = PlacementStrategy.Binpack;

    /// <summary>
    /// The volume type of a request whose parameters name none. Null (production) keeps open-local's
    /// rule that <c>volumeType</c> is required; the fake node sets LVM so that a generic CSI suite
    /// (csi-sanity sends no parameters) can run against <c>--backend fake</c> unconfigured.
    /// </summary>
    public VolumeType? DefaultVolumeType { get; init; }
}
