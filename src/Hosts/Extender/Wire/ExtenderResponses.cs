using System.Text.Json;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>
/// Writes the two verb answers with a <see cref="Utf8JsonWriter"/> straight into the response's
/// buffer (ADR-0041): the same JSON the source-generated serializer produced for
/// <see cref="ExtenderFilterResult"/> and <c>HostPriority[]</c> (Go field names, this order), without
/// its per-call metadata work and intermediate stream buffering. Property names are pre-encoded once.
/// </summary>
public static class ExtenderResponses
{
    // Longest priorities element written in one copy; longer host names go through the writer.
    private const int PriorityElementLimit = 320;

    private static readonly System.Buffers.SearchValues<char> DnsNameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._");

    private static readonly JsonEncodedText NodesName = JsonEncodedText.Encode("Nodes");
    private static readonly JsonEncodedText ItemsName = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText NodeNamesName = JsonEncodedText.Encode("NodeNames");
    private static readonly JsonEncodedText FailedNodesName = JsonEncodedText.Encode("FailedNodes");
    private static readonly JsonEncodedText UnresolvableName = JsonEncodedText.Encode("FailedAndUnresolvableNodes");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("Error");
    private static readonly JsonEncodedText HostName = JsonEncodedText.Encode("Host");
    private static readonly JsonEncodedText ScoreName = JsonEncodedText.Encode("Score");

    /// <summary>No validation of the writer's own calls: the shapes are fixed and covered by the HTTP tests.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { SkipValidation = true };

    public static void WriteFilterResult(Utf8JsonWriter writer, ExtenderFilterResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        if (result.Nodes is { } nodes)
        {
            writer.WriteStartObject(NodesName);
            if (nodes.Items is { } items)
            {
                writer.WriteStartArray(ItemsName);
                foreach (var item in items)
                    item.WriteTo(writer);
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteNull(ItemsName);
            }
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(NodesName);
        }
        if (result.NodeNames is { } names)
        {
            writer.WriteStartArray(NodeNamesName);
            foreach (var name in names)
                writer.WriteStringValue(name);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull(NodeNamesName);
        }
        WriteMap(writer, FailedNodesName, result.FailedNodes);
        WriteMap(writer, UnresolvableName, result.FailedAndUnresolvableNodes);
        writer.WriteString(ErrorName, result.Error);
        writer.WriteEndObject();
    }

    public static void WritePriorities(Utf8JsonWriter writer, ReadOnlySpan<HostPriority> scores)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> element = stackalloc byte[PriorityElementLimit];
        writer.WriteStartArray();
        foreach (var score in scores)
        {
            if (TryFormatPriority(score, element, out var length))
            {
                writer.WriteRawValue(element[..length], skipInputValidation: true);
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString(HostName, score.Host);
            writer.WriteNumber(ScoreName, score.Score);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    // {"Host":"<name>","Score":<n>} in one copy for the usual node name (a DNS subdomain: nothing to
    // escape); anything else goes through the writer's escaping.
    private static bool TryFormatPriority(HostPriority score, Span<byte> element, out int length)
    {
        length = 0;
        ReadOnlySpan<byte> head = "{\"Host\":\""u8;
        ReadOnlySpan<byte> middle = "\",\"Score\":"u8;
        var host = score.Host;
        if (host.Length > PriorityElementLimit - 64 || host.AsSpan().ContainsAnyExcept(DnsNameChars))
            return false;
        head.CopyTo(element);
        length = head.Length;
        length += System.Text.Encoding.ASCII.GetBytes(host, element[length..]);
        middle.CopyTo(element[length..]);
        length += middle.Length;
        if (!System.Buffers.Text.Utf8Formatter.TryFormat(score.Score, element[length..], out var digits))
            return false;
        length += digits;
        element[length++] = (byte)'}';
        return true;
    }

    private static void WriteMap(Utf8JsonWriter writer, JsonEncodedText name, Dictionary<string, string> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
            writer.WriteString(key, value);
        writer.WriteEndObject();
    }
}
