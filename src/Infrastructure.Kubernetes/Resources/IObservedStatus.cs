namespace OpenLocal.Infrastructure.Kubernetes.Resources;

/// <summary>A status that says which <c>metadata.generation</c> of the spec it reflects (crds.md §5 <c>observedGeneration</c>).</summary>
public interface IObservedStatus
{
    long? ObservedGeneration { get; set; }
}
