namespace OpenLocal.Application.Ports;

/// <summary>The object an event is about.</summary>
public sealed record EventSubject(string ApiVersion, string Kind, string Name, string Uid)
{
    public static EventSubject NodeLocalStorage(string name, string uid) => new("csi.aliyun.com/v1alpha1", "NodeLocalStorage", name, uid);

    public static EventSubject InitConfig(string name, string uid) => new("csi.aliyun.com/v1alpha1", "NodeLocalStorageInitConfig", name, uid);
}

/// <summary>Kubernetes event type.</summary>
public enum EventSeverity
{
    Normal,
    Warning,
}

/// <summary>
/// Kubernetes events for users (node-agent.md §9, crds.md §3). Implementations de-duplicate by
/// (subject, reason, message) so a condition that persists is not re-emitted every cycle.
/// </summary>
public interface IEventRecorder
{
    Task RecordAsync(EventSubject subject, EventSeverity severity, string reason, string message, CancellationToken cancellationToken);
}
