using Microsoft.Extensions.Logging;

namespace OpenLocal.Infrastructure.Kubernetes.Client;

public sealed class InformerOptions
{
    /// <summary>Watch one namespace (namespaced kinds only); null = all namespaces / a cluster-scoped kind.</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>
    /// Every period, OnUpdate(obj, obj) is raised for every cached object so level-triggered reconcilers retry
    /// (client-go's resync). Zero disables it.
    /// </summary>
    public TimeSpan ResyncPeriod { get; init; }

    /// <summary>Server-side timeout of one watch request; the informer re-watches from its resourceVersion afterwards.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound of the back-off between failed list/watch attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    public ILogger? Logger { get; init; }
}
