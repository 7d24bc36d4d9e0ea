using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// A committed object version. <see cref="Node"/> is never mutated after commit (readers clone it); <see cref="Json"/>
/// is its serialised form, written once so that list and watch responses never touch the node off the store lock.
/// </summary>
public sealed class StoredObject
{
    public StoredObject(JsonObject node)
    {
        Node = node;
        Json = JsonSerializer.SerializeToUtf8Bytes(node);
    }

    public JsonObject Node { get; }

    public ReadOnlyMemory<byte> Json { get; }

    public long Revision => long.Parse(Node["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
}

/// <summary>A watch event as the server sends it: <c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c>.</summary>
public sealed record WatchEvent(string Type, StoredObject Object);

/// <summary>What a watch or list selects: one resource, optionally one namespace, label and field selectors.</summary>
public sealed record WatchFilter(ResourceType Type, string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public bool Matches(JsonObject obj) =>
        (Namespace is null || string.Equals(obj["metadata"]?["namespace"]?.GetValue<string>(), Namespace, StringComparison.Ordinal))
        && Labels.Matches(obj)
        && Fields.Matches(obj);
}
