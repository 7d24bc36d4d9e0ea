namespace OpenLocal.ApiServer;

/// <summary>One cause of a 422 (apimachinery field.Error): the reason, the field path and the message.</summary>
public sealed record FieldError(string Reason, string Field, string Message)
{
    public static FieldError Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", field, $"Invalid value: \"{value}\": {detail}");

    public static FieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, $"Forbidden: {detail}");

    public static FieldError Required(string field, string detail) => new("FieldValueRequired", field, $"Required value: {detail}");

    public static FieldError NotSupported(string field, string value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field, $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    public static FieldError TypeInvalid(string field, string detail) => new("FieldValueTypeInvalid", field, $"Invalid value: {detail}");

    public override string ToString() => $"{Field}: {Message}";
}
