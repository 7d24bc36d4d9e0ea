using OpenLocal.Domain.Placement;

namespace OpenLocal.Application.Provisioning;

/// <summary>How CreateVolume picks among nodes and VGs (CLI <c>--scheduler-strategy</c>; must equal the extender's).</summary>
public sealed record PlacementOptions
{
    public PlacementStrategy Strategy { get; init; } = PlacementStrategy.Binpack;
}
