using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Csi.Interceptors;

/// <summary>
/// The one place where typed failures become gRPC status codes (csi.md §7, STYLE.md §8).
/// Anything untyped is a bug: logged with its stack, answered as Internal without its message,
/// which could carry secrets or mount flags.
/// </summary>
public sealed class FailureStatusInterceptor(ILogger<FailureStatusInterceptor> logger) : Interceptor
{
    public static StatusCode ToStatusCode(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => StatusCode.InvalidArgument,
        FailureKind.NotFound => StatusCode.NotFound,
        FailureKind.AlreadyExists => StatusCode.AlreadyExists,
        FailureKind.InsufficientCapacity => StatusCode.ResourceExhausted,
        FailureKind.OutOfRange => StatusCode.OutOfRange,
        FailureKind.OperationInProgress => StatusCode.Aborted,
        FailureKind.FailedPrecondition => StatusCode.FailedPrecondition,
        FailureKind.Unavailable => StatusCode.Unavailable,
        FailureKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        FailureKind.Unimplemented => StatusCode.Unimplemented,
        FailureKind.Aborted => StatusCode.Aborted,
        _ => StatusCode.Internal,
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context);
        }
        catch (StorageException ex)
        {
            throw new RpcException(new Status(ToStatusCode(ex.Kind), ex.Message));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            var expired = context.Deadline <= DateTime.UtcNow;
            throw new RpcException(new Status(
                expired ? StatusCode.DeadlineExceeded : StatusCode.Cancelled,
                expired ? "the call's deadline passed; retry (operations are idempotent)" : "the call was cancelled"));
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            logger.LogError(ex, "unexpected failure in {Method}", context.Method);
            throw new RpcException(new Status(StatusCode.Internal, $"internal error ({ex.GetType().Name}); see the plugin log"));
        }
    }
}
