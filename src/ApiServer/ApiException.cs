using System.Text.Json.Nodes;

namespace OpenLocal.ApiServer;

/// <summary>A request the API server refuses; rendered as a Kubernetes <c>Status</c> body (reason + code).</summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;

    /// <summary>Status.details: name, group, kind and, for 422, the causes.</summary>
    public JsonObject? Details { get; } = details;

    /// <summary>
    /// A 422 as apimachinery errors.NewInvalid renders it: <c>Kind.group "name" is invalid: field: message</c>
    /// (several causes in brackets) with every cause in details.causes.
    /// </summary>
    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> causes)
    {
        var joined = causes.Count == 1 ? causes[0].ToString() : $"[{string.Join(", ", causes)}]";
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = type.Group,
            ["kind"] = type.Kind,
            ["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message, ["field"] = c.Field })]),
        };
        return new ApiException(422, "Invalid", $"{type.QualifiedKind} \"{name}\" is invalid: {joined}", details);
    }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.Plural}.{type.Group} \"{name}\" not found".Replace(". \"", " \"", StringComparison.Ordinal));

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.Plural}.{type.Group} \"{name}\" already exists".Replace(". \"", " \"", StringComparison.Ordinal));

    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.Plural}.{type.Group} \"{name}\": the object has been modified; please apply your changes to the latest version and try again".Replace(". \"", " \"", StringComparison.Ordinal));

    public static ApiException Gone(long requested, long oldest) =>
        new(410, "Expired", $"too old resource version: {requested} ({oldest})");

    public static ApiException Invalid(string message) => new(422, "Invalid", message);

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public JsonObject ToStatus()
    {
        var status = Status(Code, Reason, Message);
        if (Details is not null)
            status["details"] = Details.DeepClone();
        return status;
    }

    public static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };
}
