namespace OpenLocal.Domain.Failures;

/// <summary>A typed failure of a storage operation; the message says what to fix.</summary>
public class StorageException : Exception
{
    public StorageException(FailureKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    public StorageException() : this(FailureKind.Internal, "storage operation failed") { }

    public StorageException(string message) : this(FailureKind.Internal, message) { }

    public StorageException(string message, Exception inner) : this(FailureKind.Internal, message, inner) { }

    public FailureKind Kind { get; }

    public static StorageException InvalidArgument(string message) => new(FailureKind.InvalidArgument, message);
    public static StorageException NotFound(string message) => new(FailureKind.NotFound, message);
    public static StorageException AlreadyExists(string message) => new(FailureKind.AlreadyExists, message);
    public static StorageException InsufficientCapacity(string message) => new(FailureKind.InsufficientCapacity, message);
    public static StorageException OutOfRange(string message) => new(FailureKind.OutOfRange, message);
    public static StorageException FailedPrecondition(string message) => new(FailureKind.FailedPrecondition, message);
    public static StorageException Unavailable(string message) => new(FailureKind.Unavailable, message);
    public static StorageException Internal(string message, Exception? inner = null) => new(FailureKind.Internal, message, inner);
}
