namespace OpenLocal.ApiServer;

/// <summary>
/// The field labels kube-apiserver accepts in a <c>fieldSelector</c> per kind (the <c>XToSelectableFields</c> /
/// <c>AddFieldLabelConversionFunc</c> lists of pkg/registry and pkg/apis/*/v1/conversion.go); anything else is a 400
/// "field label not supported". Every kind, custom resources included, takes metadata.name and metadata.namespace.
/// </summary>
public static class SelectableFields
{
    private static readonly Dictionary<(string Group, string Kind), string[]> ByKind = new()
    {
        [("", "Pod")] =
        [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
        ],
        [("", "Node")] = ["spec.unschedulable"],
        [("", "Namespace")] = ["status.phase"],
        [("", "Secret")] = ["type"],
        [("", "Event")] =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
        [("apps", "ReplicaSet")] = ["status.replicas"],
        [("storage.k8s.io", "VolumeAttachment")] = [],
    };

    public static bool Supports(ResourceType type, string field) =>
        field is "metadata.name" or "metadata.namespace"
        || (type.IsBuiltIn && ByKind.TryGetValue((type.Group, type.Kind), out var fields) && fields.Contains(field, StringComparer.Ordinal));
}
