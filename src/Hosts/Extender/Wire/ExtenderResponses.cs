using System.Text.Json;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>
/// Writes the two verb answers with a <see cref="Utf8JsonWriter"/> straight into the response's
/// buffer (ADR-0041): the JSON of Go's <c>ExtenderFilterResult</c> and <c>HostPriorityList</c> (Go
/// field names, this order), without a serializer's per-call metadata work or intermediate stream
/// buffering. Property names are pre-encoded once.
/// </summary>
public static class ExtenderResponses
{
    // Longest element written in one copy; longer names go through the writer's escaping.
    private const int ElementLimit = 320;

    // What a node name (a DNS subdomain) is made of: nothing JSON would escape.
    private static readonly System.Buffers.SearchValues<byte> DnsNameBytes =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._"u8);

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

    /// <summary>The predicates answer to a request that could not be decoded: no nodes, only <c>Error</c> (E3).</summary>
    public static void WriteFilterError(Utf8JsonWriter writer, string error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNull(NodesName);
        writer.WriteNull(NodeNamesName);
        WriteFailures(writer, [], error);
    }

    /// <summary>
    /// The predicates answer from the verdicts: passing candidates by their request bytes (or node
    /// objects), failures in <c>FailedAndUnresolvableNodes</c> (storage failures are not solved by
    /// preempting pods, §3.2, E19).
    /// </summary>
    public static void WriteFilterResult(Utf8JsonWriter writer, Scheduling.FilterVerdicts verdicts)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(verdicts);
        var request = verdicts.Request;
        Span<byte> element = stackalloc byte[ElementLimit];
        writer.WriteStartObject();
        if (request.NodeNames is { } names)
        {
            writer.WriteNull(NodesName);
            writer.WriteStartArray(NodeNamesName);
            for (var i = 0; i < verdicts.Count; i++)
            {
                if (verdicts.FailureAt(i) is null)
                    WriteName(writer, names.Utf8(i), element);
            }
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStartObject(NodesName);
            writer.WriteStartArray(ItemsName);
            for (var i = 0; i < verdicts.Count; i++)
            {
                if (verdicts.FailureAt(i) is null)
                    request.Nodes!.Items![i].WriteTo(writer);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteNull(NodeNamesName);
        }
        WriteFailures(writer, verdicts.Failures(), "");
    }

    // The common end of both predicates answers, closing the object.
    private static void WriteFailures(Utf8JsonWriter writer, Dictionary<string, string> unresolvable, string error)
    {
        writer.WriteStartObject(FailedNodesName);
        writer.WriteEndObject();
        writer.WriteStartObject(UnresolvableName);
        foreach (var (node, failure) in unresolvable)
            writer.WriteString(node, failure);
        writer.WriteEndObject();
        writer.WriteString(ErrorName, error);
        writer.WriteEndObject();
    }

    /// <summary><c>[{"Host":…,"Score":…}]</c> with each candidate's request bytes as its host.</summary>
    public static void WritePriorities(Utf8JsonWriter writer, NodeNameList names, ReadOnlySpan<int> scores)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(names);
        Span<byte> element = stackalloc byte[ElementLimit];
        writer.WriteStartArray();
        for (var i = 0; i < scores.Length; i++)
        {
            var host = names.Utf8(i);
            if (TryFormatPriority(host, scores[i], element, out var length))
            {
                writer.WriteRawValue(element[..length], skipInputValidation: true);
                continue;
            }
            writer.WriteStartObject();
            writer.WriteString(HostName, host);
            writer.WriteNumber(ScoreName, scores[i]);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static bool IsDnsName(ReadOnlySpan<byte> name) => name.Length <= ElementLimit - 64 && !name.ContainsAnyExcept(DnsNameBytes);

    // "<name>" in one copy when nothing needs escaping.
    private static void WriteName(Utf8JsonWriter writer, ReadOnlySpan<byte> name, Span<byte> element)
    {
        if (!IsDnsName(name))
        {
            writer.WriteStringValue(name);
            return;
        }
        element[0] = (byte)'"';
        name.CopyTo(element[1..]);
        element[name.Length + 1] = (byte)'"';
        writer.WriteRawValue(element[..(name.Length + 2)], skipInputValidation: true);
    }

    // {"Host":"<name>","Score":<n>} in one copy when nothing needs escaping.
    private static bool TryFormatPriority(ReadOnlySpan<byte> host, int score, Span<byte> element, out int length)
    {
        length = 0;
        ReadOnlySpan<byte> head = "{\"Host\":\""u8;
        ReadOnlySpan<byte> middle = "\",\"Score\":"u8;
        if (!IsDnsName(host))
            return false;
        head.CopyTo(element);
        length = head.Length;
        host.CopyTo(element[length..]);
        length += host.Length;
        middle.CopyTo(element[length..]);
        length += middle.Length;
        if (!System.Buffers.Text.Utf8Formatter.TryFormat(score, element[length..], out var digits))
            return false;
        length += digits;
        element[length++] = (byte)'}';
        return true;
    }
}
