namespace OpenLocal.Domain.Placement;

/// <summary>LVM placement: binpack fills the fullest pool that still fits; spread prefers the emptiest.</summary>
public enum PlacementStrategy
{
    Binpack,
    Spread,
}
