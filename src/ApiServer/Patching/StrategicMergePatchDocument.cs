using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// Strategic merge patch (apimachinery pkg/util/strategicpatch, the semantics in
/// community/contributors/devel/sig-api-machinery/strategic-merge-patch.md) over <see cref="PatchStrategies"/>:
/// maps merge and <c>null</c> deletes as in a merge patch; a list with a merge key merges element by element
/// (an element with <c>$patch: delete</c> removes its match); a primitive list with strategy merge is a set union;
/// <c>$patch: replace</c> replaces a map or list whole, <c>$patch: delete</c> deletes a map,
/// <c>$retainKeys</c> drops the keys it does not name, <c>$deleteFromPrimitiveList/f</c> removes values from
/// <c>f</c>, and <c>$setElementOrder/f</c> orders <c>f</c> (elements it names in its order, then the others as they were).
/// Every other list is atomic and replaced.
/// </summary>
internal static class StrategicMergePatchDocument
{
    private const string Directive = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    public static JsonObject Apply(JsonObject target, JsonObject patch, IReadOnlyDictionary<string, ListStrategy> strategies) =>
        MergeMap(target, patch, "", strategies) ?? [];

    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, string path, IReadOnlyDictionary<string, ListStrategy> strategies)
    {
        switch (patch[Directive]?.GetValue<string>())
        {
            case "delete":
                return null;
            case "replace":
                return (JsonObject)WithoutDirectives(patch)!;
            case null:
                break;
            case var other:
                throw ApiException.BadRequest($"Unknown patch type: {other} in map: {patch.ToJsonString()}");
        }
        if (patch[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToArray())
                original.Remove(key);
        }
        foreach (var (key, value) in patch)
        {
            if (key == Directive || key == RetainKeys || key.StartsWith(SetElementOrder, StringComparison.Ordinal))
                continue;
            if (key.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitiveList.Length..];
                if (original[field] is JsonArray list && value is JsonArray remove)
                {
                    foreach (var item in list.Where(i => remove.Any(r => JsonNode.DeepEquals(i, r))).ToArray())
                        list.Remove(item);
                }
                continue;
            }
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (value is null)
            {
                original.Remove(key);
                continue;
            }
            var merged = MergeValue(original[key], value, childPath, strategies);
            original.Remove(key);
            if (merged is not null || value is not JsonObject)
                original[key] = merged;
        }
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(SetElementOrder, StringComparison.Ordinal) && value is JsonArray order)
            {
                var field = key[SetElementOrder.Length..];
                var childPath = path.Length == 0 ? field : $"{path}.{field}";
                if (original[field] is JsonArray list)
                    original[field] = Order(list, order, strategies.GetValueOrDefault(childPath)?.MergeKey);
            }
        }
        return original;
    }

    private static JsonNode? MergeValue(JsonNode? original, JsonNode value, string path, IReadOnlyDictionary<string, ListStrategy> strategies) =>
        (original, value) switch
        {
            (JsonObject o, JsonObject p) => MergeMap(o, p, path, strategies),
            (_, JsonObject p) => MergeMap([], p, path, strategies),
            (JsonArray o, JsonArray p) when strategies.TryGetValue(path, out var strategy) => MergeList(o, p, strategy, path, strategies),
            (_, JsonArray p) when strategies.ContainsKey(path) => MergeList([], p, strategies[path], path, strategies),
            _ => WithoutDirectives(value),
        };

    private static JsonArray MergeList(JsonArray original, JsonArray patch, ListStrategy strategy, string path, IReadOnlyDictionary<string, ListStrategy> strategies)
    {
        if (patch.OfType<JsonObject>().Any(e => e[Directive]?.GetValue<string>() == "replace"))
            return new JsonArray([.. patch.Where(e => e is not JsonObject o || o[Directive] is null).Select(e => WithoutDirectives(e))]);
        var result = original.DeepClone().AsArray();
        if (strategy.MergeKey is not { } mergeKey)
        {
            foreach (var item in patch)
            {
                if (!result.Any(r => JsonNode.DeepEquals(r, item)))
                    result.Add(item?.DeepClone());
            }
            return result;
        }
        foreach (var item in patch)
        {
            if (item is not JsonObject element)
                throw ApiException.BadRequest($"strategic merge patch: an element of {path} is not an object");
            var key = element[mergeKey] ?? throw ApiException.BadRequest($"map: {element.ToJsonString()} does not contain declared merge key: {mergeKey}");
            var match = result.OfType<JsonObject>().FirstOrDefault(r => JsonNode.DeepEquals(r[mergeKey], key));
            if (element[Directive]?.GetValue<string>() == "delete")
            {
                if (match is not null)
                    result.Remove(match);
                continue;
            }
            if (match is null)
            {
                result.Add(MergeMap([], element, path, strategies));
                continue;
            }
            var index = result.IndexOf(match);
            result[index] = MergeMap(match.DeepClone().AsObject(), element, path, strategies);
        }
        return result;
    }

    private static JsonArray Order(JsonArray list, JsonArray order, string? mergeKey)
    {
        JsonNode? Key(JsonNode? e) => mergeKey is null ? e : e?[mergeKey];
        var ordered = new List<JsonNode?>();
        foreach (var wanted in order)
            ordered.AddRange(list.Where(e => JsonNode.DeepEquals(Key(e), mergeKey is null ? wanted : wanted?[mergeKey])));
        ordered.AddRange(list.Where(e => !ordered.Contains(e)));
        return new JsonArray([.. ordered.Select(e => e?.DeepClone())]);
    }

    private static JsonNode? WithoutDirectives(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => !p.Key.StartsWith('$')).Select(p => KeyValuePair.Create(p.Key, WithoutDirectives(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(WithoutDirectives)]),
        _ => node?.DeepClone(),
    };
}
