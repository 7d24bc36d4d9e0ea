namespace OpenLocal.Domain.Failures;

/// <summary>
/// What went wrong, in the vocabulary every host maps to its own wire codes
/// (gRPC status in the CSI host, HTTP status in the extender) in exactly one place.
/// </summary>
public enum FailureKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    InsufficientCapacity,
    OutOfRange,
    OperationInProgress,
    FailedPrecondition,
    Unavailable,
    DeadlineExceeded,
    Unimplemented,
    Internal,

    /// <summary>The request cannot proceed as given and should be retried from the start (e.g. an invalid pagination token; CSI Aborted).</summary>
    Aborted,
}
