using FluentValidation;
using Mediator;
using OpenLocal.Application.Provisioning;
using OpenLocal.Application.Volumes;
using OpenLocal.Domain.Pools;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Capacity.GetCapacity;

public sealed class GetCapacityValidator : AbstractValidator<GetCapacityQuery>
{
    public GetCapacityValidator()
        : this(new PlacementOptions())
    {
    }

    public GetCapacityValidator(PlacementOptions placement) =>
        RuleFor(q => q.Parameters).Custom((parameters, context) =>
        {
            foreach (var (key, message) in StorageClassParameters.Parse(parameters, placement?.DefaultVolumeType).Errors)
                context.AddFailure($"Parameters[{key}]", message);
        });
}

/// <summary>csi.md §5.5: free space for a StorageClass on one node (by hostname) or summed over all nodes.</summary>
public sealed class GetCapacityHandler(CapacityLedgerView ledger, PlacementOptions placement) : IQueryHandler<GetCapacityQuery, CapacityResult>
{
    public async ValueTask<CapacityResult> Handle(GetCapacityQuery query, CancellationToken cancellationToken)
    {
        var parameters = StorageClassParameters.Parse(query.Parameters, placement.DefaultVolumeType);
        var nodes = await ledger.ListNodesAsync(cancellationToken).ConfigureAwait(false);
        IEnumerable<NodeStorage> selected = nodes;
        if (!string.IsNullOrEmpty(query.Hostname))
        {
            var byLabel = nodes.Where(n => n.Hostname == query.Hostname).ToList();
            selected = byLabel.Count > 0 ? byLabel : nodes.Where(n => n.NodeName == query.Hostname).ToList();
        }

        long available = 0, maximum = 0;
        foreach (var node in selected)
        {
            var (nodeAvailable, nodeMaximum) = Measure(node, parameters);
            available += nodeAvailable;
            maximum = Math.Max(maximum, nodeMaximum);
        }
        return new CapacityResult(available, maximum);
    }

    private static (long Available, long Maximum) Measure(NodeStorage node, StorageClassParameters parameters)
    {
        switch (parameters.VolumeType)
        {
            case VolumeType.LVM when parameters.VolumeGroup is not null:
                var free = node.FindVolumeGroup(parameters.VolumeGroup)?.FreeBytes ?? 0;
                return (free, free);
            case VolumeType.LVM:
                return (node.VolumeGroups.Sum(vg => vg.FreeBytes), node.VolumeGroups.Select(vg => vg.FreeBytes).DefaultIfEmpty().Max());
            case VolumeType.Device:
                return Exclusive(node.Devices, parameters.MediaType);
            default:
                return Exclusive(node.MountPoints.Where(m => m.IsEligible), parameters.MediaType);
        }
    }

    private static (long Available, long Maximum) Exclusive(IEnumerable<ExclusiveResource> resources, MediaType? media)
    {
        var free = resources.Where(r => r.IsFree && (media is null || r.MediaType == media)).Select(r => r.CapacityBytes).ToList();
        return (free.Sum(), free.DefaultIfEmpty().Max());
    }
}
