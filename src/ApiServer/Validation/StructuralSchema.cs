using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenLocal.ApiServer;

/// <summary>
/// What apiextensions-apiserver does with a custom resource and its version's structural schema
/// (openAPIV3Schema) before storing it: defaults (<c>default</c> of a missing property whose parent exists), prunes
/// fields the schema does not declare (unless <c>x-kubernetes-preserve-unknown-fields</c>), and validates
/// type, required, enum, pattern, min/maxLength, minimum/maximum, min/maxItems, additionalProperties and
/// nullable (issue 15 items 10 and 11). One object whose field has the wrong type is a 422 at write time
/// instead of a poisoned list for every reader. Not evaluated: <c>x-kubernetes-validations</c> (CEL) and
/// <c>format</c>; ADR-0060 says why.
/// </summary>
public static class StructuralSchema
{
    private static readonly string[] ObjectRoot = ["apiVersion", "kind", "metadata"];

    /// <summary>Defaults and prunes <paramref name="obj"/> in place and returns the violations; <paramref name="pruned"/> gets the dropped paths.</summary>
    public static IReadOnlyList<FieldError> Apply(JsonObject schema, JsonObject obj, List<string> pruned)
    {
        var errors = new List<FieldError>();
        Walk(schema, obj, "", errors, pruned, root: true);
        return errors;
    }

    private static void Walk(JsonObject schema, JsonNode? value, string path, List<FieldError> errors, List<string> pruned, bool root = false)
    {
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && path.Length > 0)
                errors.Add(new FieldError("FieldValueTypeInvalid", path, $"Invalid value: \"null\": {path} in body must be of type {schema["type"]?.GetValue<string>() ?? "object"}: \"null\""));
            return;
        }
        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
                errors.Add(TypeError(path, value, "integer or string"));
            return;
        }
        var type = schema["type"]?.GetValue<string>();
        if (type is not null && !HasType(value, type))
        {
            errors.Add(TypeError(path, value, type));
            return;
        }
        switch (value)
        {
            case JsonObject o:
                WalkObject(schema, o, path, errors, pruned, root);
                break;
            case JsonArray a:
                if (schema["maxItems"] is { } maxItems && a.Count > Number(maxItems))
                    errors.Add(new FieldError("FieldValueTooMany", path, $"Too many: {a.Count}: must have at most {maxItems} items"));
                if (schema["minItems"] is { } minItems && a.Count < Number(minItems))
                    errors.Add(FieldError.Invalid(path, value.ToJsonString(), $"{path} in body should have at least {minItems} items"));
                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < a.Count; i++)
                        Walk(items, a[i], $"{path}[{i}]", errors, pruned);
                }
                break;
            default:
                Scalar(schema, (JsonValue)value, path, errors);
                break;
        }
    }

    private static void WalkObject(JsonObject schema, JsonObject o, string path, List<FieldError> errors, List<string> pruned, bool root)
    {
        var properties = schema["properties"] as JsonObject;
        if (properties is not null)
        {
            foreach (var (name, propertySchema) in properties)
            {
                if (!o.ContainsKey(name) && propertySchema?["default"] is { } defaultValue)
                    o[name] = defaultValue.DeepClone();
            }
        }
        foreach (var required in schema["required"] as JsonArray ?? [])
        {
            var name = required!.GetValue<string>();
            if (!o.ContainsKey(name))
                errors.Add(FieldError.Required(Child(path, name), ""));
        }
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var additional = schema["additionalProperties"] as JsonObject;
        foreach (var (name, child) in o.ToArray())
        {
            var childPath = Child(path, name);
            if (root && ObjectRoot.Contains(name, StringComparer.Ordinal))
            {
                // apiVersion, kind and metadata are the server's, whatever the schema says of them.
                continue;
            }
            if (properties?[name] is JsonObject propertySchema)
                Walk(propertySchema, child, childPath, errors, pruned);
            else if (additional is not null)
                Walk(additional, child, childPath, errors, pruned);
            else if (!preserve && (properties is not null || schema["additionalProperties"] is null))
            {
                o.Remove(name);
                pruned.Add(childPath);
            }
        }
    }

    private static void Scalar(JsonObject schema, JsonValue value, string path, List<FieldError> errors)
    {
        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            errors.Add(FieldError.NotSupported(path, text, allowed.Select(a => a?.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : a?.ToJsonString() ?? "null")));
        if (value.GetValueKind() == JsonValueKind.String)
        {
            if (schema["maxLength"] is { } maxLength && text.Length > Number(maxLength))
                errors.Add(new FieldError("FieldValueTooLong", path, $"Too long: may not be more than {maxLength} bytes"));
            if (schema["minLength"] is { } minLength && text.Length < Number(minLength))
                errors.Add(FieldError.Invalid(path, text, $"{path} in body should be at least {minLength} chars long"));
            if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                errors.Add(FieldError.Invalid(path, text, $"{path} in body should match '{pattern}'"));
        }
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            var number = Number(value);
            if (schema["minimum"] is { } minimum && number < Number(minimum))
                errors.Add(FieldError.Invalid(path, text, $"{path} in body should be greater than or equal to {minimum.ToJsonString()}"));
            if (schema["maximum"] is { } maximum && number > Number(maximum))
                errors.Add(FieldError.Invalid(path, text, $"{path} in body should be less than or equal to {maximum.ToJsonString()}"));
        }
    }

    private static bool HasType(JsonNode value, string type) => (type, value.GetValueKind()) switch
    {
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => IsInteger(value),
        _ => false,
    };

    private static bool IsInteger(JsonNode value) =>
        long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
        || (double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d % 1) < double.Epsilon);

    private static FieldError TypeError(string path, JsonNode value, string type)
    {
        var shown = value.GetValueKind() switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "boolean",
        };
        return new FieldError("FieldValueTypeInvalid", path, $"Invalid value: \"{shown}\": {path} in body must be of type {type}: \"{shown}\"");
    }

    /// <summary>A JSON number whatever CLR type backs the node (parsed text or a value set in code).</summary>
    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
