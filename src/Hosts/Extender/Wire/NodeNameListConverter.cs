using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>
/// Reads a JSON array of strings into a <see cref="NodeNameList"/> without creating strings
/// (unescaping into the list's UTF-8 buffer). Anything but an array of non-empty strings (a null
/// or empty entry names no node) is a <see cref="JsonException"/> → 400 (E3, issue 19 item 7).
/// </summary>
public sealed class NodeNameListConverter : JsonConverter<NodeNameList>
{
    public override NodeNameList? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException($"NodeNames must be an array of strings, not {reader.TokenType}");
        var names = new NodeNameList(256);
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        // Unescaped UTF-8 is never longer than its escaped form.
                        var escaped = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                        var length = reader.CopyString(names.Reserve(escaped));
                        if (length == 0)
                            throw new JsonException($"NodeNames[{names.Count}] is empty: every candidate needs a node name");
                        names.Commit(length);
                        break;
                    default:
                        throw new JsonException($"NodeNames must be an array of strings, found {reader.TokenType}");
                }
            }
            return names;
        }
        catch
        {
            names.Dispose();
            throw;
        }
    }

    public override void Write(Utf8JsonWriter writer, NodeNameList value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
            writer.WriteStringValue(value.Utf8(i));
        writer.WriteEndArray();
    }
}
