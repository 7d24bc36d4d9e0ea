namespace OpenLocal.ApiServer;

/// <summary>
/// The generated.proto field numbers (k8s.io/api core/v1, apimachinery meta/v1) of the kinds kubectl's imperative
/// <c>create namespace|configmap|secret</c> send as protobuf (ADR-0061). Only what those bodies carry is listed;
/// managedFields and other server-owned fields are skipped.
/// </summary>
internal static class ProtobufSchemas
{
    private static readonly ProtoMessage OwnerReference = new(new()
    {
        [1] = new("kind", ProtoKind.String),
        [3] = new("name", ProtoKind.String),
        [4] = new("uid", ProtoKind.String),
        [5] = new("apiVersion", ProtoKind.String),
        [6] = new("controller", ProtoKind.Bool),
        [7] = new("blockOwnerDeletion", ProtoKind.Bool),
    });

    private static readonly ProtoMessage ObjectMeta = new(new()
    {
        [1] = new("name", ProtoKind.String),
        [2] = new("generateName", ProtoKind.String),
        [3] = new("namespace", ProtoKind.String),
        [5] = new("uid", ProtoKind.String),
        [6] = new("resourceVersion", ProtoKind.String),
        [7] = new("generation", ProtoKind.Int64),
        [8] = new("creationTimestamp", ProtoKind.Time),
        [11] = new("labels", ProtoKind.StringMap),
        [12] = new("annotations", ProtoKind.StringMap),
        [13] = new("ownerReferences", ProtoKind.Message, OwnerReference, Repeated: true),
        [14] = new("finalizers", ProtoKind.String, Repeated: true),
    });

    private static readonly ProtoMessage Namespace = new(new()
    {
        [1] = new("metadata", ProtoKind.Message, ObjectMeta),
        [2] = new("spec", ProtoKind.Message, new ProtoMessage(new() { [1] = new("finalizers", ProtoKind.String, Repeated: true) })),
    });

    private static readonly ProtoMessage ConfigMap = new(new()
    {
        [1] = new("metadata", ProtoKind.Message, ObjectMeta),
        [2] = new("data", ProtoKind.StringMap),
        [3] = new("binaryData", ProtoKind.BytesMap),
        [4] = new("immutable", ProtoKind.Bool),
    });

    private static readonly ProtoMessage Secret = new(new()
    {
        [1] = new("metadata", ProtoKind.Message, ObjectMeta),
        [2] = new("data", ProtoKind.BytesMap),
        [3] = new("type", ProtoKind.String),
        [4] = new("stringData", ProtoKind.StringMap),
        [5] = new("immutable", ProtoKind.Bool),
    });

    public static ProtoMessage? For(ResourceType type) => (type.IsBuiltIn, type.Group, type.Kind) switch
    {
        (true, "", "Namespace") => Namespace,
        (true, "", "ConfigMap") => ConfigMap,
        (true, "", "Secret") => Secret,
        _ => null,
    };
}
