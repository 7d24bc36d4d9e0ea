using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpenLocal.Application.NodeVolumes;

/// <summary>The node-side collaborators of the NodeVolumes use cases; the node plugin host calls this.</summary>
public static class NodeVolumeServices
{
    public static IServiceCollection AddNodeVolumes(this IServiceCollection services, NodeIdentity node, NodePublishOptions options)
    {
        services.TryAddSingleton(node);
        services.TryAddSingleton(options);
        services.TryAddSingleton<NodeVolumeResolver>();
        services.TryAddSingleton<KubeletPaths>();
        return services;
    }
}
