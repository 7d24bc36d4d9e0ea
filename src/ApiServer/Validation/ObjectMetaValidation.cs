using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>
/// The ObjectMeta checks kube-apiserver makes for every kind, custom resources included (apimachinery
/// pkg/api/validation/objectmeta.go): the name by the kind's rule (which implies a valid path segment), and
/// ownerReferences complete with at most one controller.
/// </summary>
internal static class ObjectMetaValidation
{
    public static IEnumerable<FieldError> Validate(ResourceType type, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var name = meta?["name"]?.GetValue<string>() ?? "";
        foreach (var error in ObjectNames.Errors(type.Names, name))
            yield return FieldError.Invalid("metadata.name", name, error);
        if (meta?["ownerReferences"] is not JsonArray owners)
            yield break;
        var controllers = new List<string>();
        for (var i = 0; i < owners.Count; i++)
        {
            var owner = owners[i] as JsonObject;
            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (string.IsNullOrEmpty(owner?[field]?.GetValue<string>()))
                    yield return FieldError.Required($"metadata.ownerReferences[{i}].{field}", $"{field} must not be empty");
            }
            if (owner?["controller"]?.GetValue<bool>() == true)
                controllers.Add($"{owner["kind"]}/{owner["name"]}");
        }
        if (controllers.Count > 1)
            yield return FieldError.Invalid("metadata.ownerReferences", $"[{string.Join(" ", owners.Select(o => o?.ToJsonString()))}]",
                $"Only one reference can have Controller set to true. Found \"true\" in references for {string.Join(" and ", controllers)}");
    }
}
