namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary>How one domain record kind maps onto its custom resource, for <see cref="CustomResourceStore{TRecord,TResource,TSpec,TStatus}"/>.</summary>
/// <param name="Noun">What the record is called in error messages ("volume", "snapshot").</param>
/// <param name="NamePrefix">Prefix of object names derived from ids that are not valid object names (<see cref="ResourceNames.ObjectName"/>).</param>
/// <param name="Finalizer">The finalizer the node removes when it releases the record.</param>
public sealed record ResourceMapping<TRecord, TResource, TSpec, TStatus>(
    string Noun,
    string NamePrefix,
    string Finalizer,
    Func<TRecord, string> IdOf,
    Func<TRecord, TResource> ToResource,
    Func<TRecord, TSpec> ToSpec,
    Func<TRecord, TStatus?> ToStatus,
    Func<TResource, TRecord> FromResource)
{
    public string ObjectName(string id) => ResourceNames.ObjectName(id, NamePrefix);
}
