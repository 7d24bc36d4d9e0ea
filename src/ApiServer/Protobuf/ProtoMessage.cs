namespace OpenLocal.ApiServer;

internal enum ProtoKind
{
    String,
    Bytes,
    Int64,
    Bool,
    Message,
    StringMap,
    BytesMap,
    Time,
}

/// <summary>One field of a Kubernetes generated.proto message: its JSON name, wire kind and whether it repeats.</summary>
internal sealed record ProtoField(string Name, ProtoKind Kind, ProtoMessage? Message = null, bool Repeated = false);

/// <summary>The fields of one message by number; numbers not listed are skipped when decoding.</summary>
internal sealed class ProtoMessage(Dictionary<int, ProtoField> fields)
{
    public IReadOnlyDictionary<int, ProtoField> Fields { get; } = fields;
}
