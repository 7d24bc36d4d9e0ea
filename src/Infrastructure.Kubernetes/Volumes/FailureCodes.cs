using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Kubernetes.Volumes;

/// <summary><c>status.code</c> holds a gRPC code name (spec/crds.md §5); this maps it to and from <see cref="FailureKind"/>.</summary>
internal static class FailureCodes
{
    public static string ToCode(FailureKind kind) => kind switch
    {
        FailureKind.InsufficientCapacity => "ResourceExhausted",
        FailureKind.OperationInProgress => "Aborted",
        _ => kind.ToString(),
    };

    public static FailureKind ToKind(string? code) => code switch
    {
        "ResourceExhausted" => FailureKind.InsufficientCapacity,
        "Aborted" => FailureKind.OperationInProgress,
        _ when Enum.TryParse<FailureKind>(code, out var kind) => kind,
        _ => FailureKind.Internal,
    };
}
