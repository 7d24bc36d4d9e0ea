using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Kubernetes.Reconcilers;

/// <summary>
/// core/v1 Events about our cluster-scoped objects, in namespace <c>default</c> as Kubernetes does
/// for cluster-scoped subjects. The same (subject, reason, message) is recorded once per
/// <see cref="RepeatAfter"/> (node-agent.md §9: a persisting condition is not re-emitted every cycle).
/// Events are best effort: a failure is logged, never thrown into the loop.
/// </summary>
public sealed class KubernetesEventRecorder(IKubernetes client, TimeProvider time, ILogger<KubernetesEventRecorder> logger, string component) : IEventRecorder
{
    public const string EventNamespace = "default";
    public static readonly TimeSpan RepeatAfter = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string Uid, string Name, string Reason, string Message), DateTimeOffset> _recent = new();

    public async Task RecordAsync(EventSubject subject, EventSeverity severity, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var now = time.GetUtcNow();
        var key = (subject.Uid, subject.Name, reason, message);
        if (_recent.TryGetValue(key, out var last) && now - last < RepeatAfter)
            return;
        _recent[key] = now;
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = subject.Name + ".", NamespaceProperty = EventNamespace },
            InvolvedObject = new V1ObjectReference { ApiVersion = subject.ApiVersion, Kind = subject.Kind, Name = subject.Name, Uid = subject.Uid },
            Reason = reason,
            Message = message,
            Type = severity.ToString(),
            Source = new V1EventSource { Component = component },
            ReportingComponent = component,
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(ev, EventNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex)
        {
            _recent.TryRemove(key, out _);
            logger.LogWarning(ex, "could not record event {Reason} on {Kind} {Name}: {Message}", reason, subject.Kind, subject.Name, message);
        }
    }
}
