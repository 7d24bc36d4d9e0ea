using OpenLocal.Domain.Failures;

namespace OpenLocal.Application.Pipeline;

/// <summary>One field that failed validation.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>A request rejected before reaching its handler; lists every invalid field.</summary>
public sealed class RequestValidationException : StorageException
{
    public RequestValidationException(string requestName, IReadOnlyList<FieldError> errors)
        : base(FailureKind.InvalidArgument, $"invalid {requestName}: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
        => Errors = errors;

    public RequestValidationException() : this("request", []) { }

    public RequestValidationException(string message) : this(message, []) { }

    public RequestValidationException(string message, Exception inner) : base(FailureKind.InvalidArgument, message, inner) => Errors = [];

    public IReadOnlyList<FieldError> Errors { get; }
}
