using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// Reads a <c>application/vnd.kubernetes.protobuf</c> request body (apimachinery runtime/serializer/protobuf: the
/// magic <c>k8s\0</c>, then a runtime.Unknown whose raw bytes are the object) into the JSON the store keeps, for the
/// kinds of <see cref="ProtobufSchemas"/>; any other kind is a 415 naming the JSON way (ADR-0061). Replies are
/// always JSON, which kubectl accepts (it sends <c>Accept: application/vnd.kubernetes.protobuf,application/json</c>).
/// </summary>
public static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    private static readonly ProtoMessage TypeMeta = new(new() { [1] = new("apiVersion", ProtoKind.String), [2] = new("kind", ProtoKind.String) });

    public static bool Is(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    public static JsonObject Decode(ResourceType type, ReadOnlySpan<byte> body)
    {
        var schema = ProtobufSchemas.For(type)
            ?? throw new ApiException(415, "UnsupportedMediaType",
                $"the embedded API server reads protobuf bodies only for namespaces, configmaps and secrets (ADR-0061); send {type.Plural} as JSON, e.g. kubectl create ... --dry-run=client -o yaml | kubectl apply -f -");
        if (!body.StartsWith(Magic))
            throw ApiException.BadRequest("protobuf body without the k8s\\0 prefix");
        var unknown = new Reader(body[Magic.Length..].ToArray());
        JsonObject? head = null;
        byte[]? raw = null;
        while (unknown.More)
        {
            var (field, wire) = unknown.Key();
            if (field == 1 && wire == 2)
                head = Message(new Reader(unknown.Bytes()), TypeMeta);
            else if (field == 2 && wire == 2)
                raw = unknown.Bytes();
            else
                unknown.Skip(wire);
        }
        var obj = Message(new Reader(raw ?? []), schema);
        obj["apiVersion"] = head?["apiVersion"]?.DeepClone() ?? type.GroupVersion;
        obj["kind"] = head?["kind"]?.DeepClone() ?? type.Kind;
        return obj;
    }

    private static JsonObject Message(Reader reader, ProtoMessage schema)
    {
        var result = new JsonObject();
        while (reader.More)
        {
            var (number, wire) = reader.Key();
            if (!schema.Fields.TryGetValue(number, out var field))
            {
                reader.Skip(wire);
                continue;
            }
            if (field.Kind is ProtoKind.StringMap or ProtoKind.BytesMap)
            {
                var entry = new Reader(reader.Bytes());
                string? key = null;
                JsonNode? value = null;
                while (entry.More)
                {
                    var (n, w) = entry.Key();
                    if (n == 1)
                        key = Encoding.UTF8.GetString(entry.Bytes());
                    else if (n == 2)
                        value = field.Kind == ProtoKind.StringMap ? Encoding.UTF8.GetString(entry.Bytes()) : Convert.ToBase64String(entry.Bytes());
                    else
                        entry.Skip(w);
                }
                var map = result[field.Name] as JsonObject ?? [];
                result[field.Name] = map;
                map[key ?? ""] = value ?? "";
                continue;
            }
            JsonNode? decoded = field.Kind switch
            {
                ProtoKind.String => Encoding.UTF8.GetString(reader.Bytes()),
                ProtoKind.Bytes => Convert.ToBase64String(reader.Bytes()),
                ProtoKind.Int64 => (long)reader.Varint(),
                ProtoKind.Bool => reader.Varint() != 0,
                ProtoKind.Message => Message(new Reader(reader.Bytes()), field.Message!),
                ProtoKind.Time => Time(new Reader(reader.Bytes())),
                _ => null,
            };
            if (field.Repeated)
            {
                var list = result[field.Name] as JsonArray ?? [];
                result[field.Name] = list;
                list.Add(decoded);
            }
            else
                result[field.Name] = decoded;
        }
        return result;
    }

    private static string Time(Reader reader)
    {
        long seconds = 0;
        while (reader.More)
        {
            var (n, w) = reader.Key();
            if (n == 1)
                seconds = (long)reader.Varint();
            else
                reader.Skip(w);
        }
        return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The protobuf wire format: varint keys, varints, fixed 32/64-bit values and length-delimited bytes.</summary>
    private sealed class Reader(byte[] data)
    {
        private int position;

        public bool More => position < data.Length;

        public (int Field, int Wire) Key()
        {
            var key = Varint();
            return ((int)(key >> 3), (int)(key & 7));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (position >= data.Length)
                    throw ApiException.BadRequest("truncated protobuf body");
                var b = data[position++];
                value |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                    return value;
            }
            throw ApiException.BadRequest("malformed protobuf varint");
        }

        public byte[] Bytes()
        {
            var length = Varint();
            if (length > (ulong)(data.Length - position))
                throw ApiException.BadRequest("truncated protobuf body");
            var bytes = data.AsSpan(position, (int)length).ToArray();
            position += (int)length;
            return bytes;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    Advance(8);
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    Advance(4);
                    break;
                default:
                    throw ApiException.BadRequest($"unsupported protobuf wire type {wire}");
            }
        }

        private void Advance(int count)
        {
            if (count > data.Length - position)
                throw ApiException.BadRequest("truncated protobuf body");
            position += count;
        }
    }
}
