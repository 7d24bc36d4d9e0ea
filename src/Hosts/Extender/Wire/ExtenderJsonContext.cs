using System.Text.Json.Serialization;

namespace OpenLocal.Hosts.Extender.Wire;

/// <summary>
/// Source-generated serializers for the extender's wire types (no reflection on the request path).
/// Property names are emitted as declared (the Go field names) and matched case-insensitively.
/// The two verb answers are written by <see cref="ExtenderResponses"/> instead (ADR-0041).
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ExtenderArgs))]
[JsonSerializable(typeof(CacheDump))]
[JsonSerializable(typeof(CacheNode))]
public sealed partial class ExtenderJsonContext : JsonSerializerContext;
