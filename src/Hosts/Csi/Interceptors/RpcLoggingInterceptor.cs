using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace OpenLocal.Hosts.Csi.Interceptors;

/// <summary>
/// One structured line per RPC: method, the id it concerns, duration, status code. Only the id
/// fields are read from the request, never secrets, contexts or mount flags.
/// </summary>
public sealed class RpcLoggingInterceptor(ILogger<RpcLoggingInterceptor> logger) : Interceptor
{
    private static readonly string[] IdFields = ["volume_id", "snapshot_id", "name", "source_volume_id"];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var started = Stopwatch.GetTimestamp();
        var id = IdOf(request);
        try
        {
            var response = await continuation(request, context);
            Log(LogLevel.Information, context.Method, id, started, StatusCode.OK, null);
            return response;
        }
        catch (RpcException ex)
        {
            var level = ex.StatusCode is StatusCode.Internal or StatusCode.Unknown ? LogLevel.Error : LogLevel.Warning;
            Log(level, context.Method, id, started, ex.StatusCode, ex.Status.Detail);
            throw;
        }
    }

    private void Log(LogLevel level, string method, string id, long started, StatusCode code, string? detail)
    {
        if (!logger.IsEnabled(level))
            return;
        logger.Log(level, "rpc {Method} id={Id} code={Code} duration_ms={DurationMs:F1} {Detail}",
            method, id, code, Stopwatch.GetElapsedTime(started).TotalMilliseconds, detail ?? string.Empty);
    }

    private static string IdOf<TRequest>(TRequest request)
    {
        if (request is not IMessage message)
            return string.Empty;
        foreach (var name in IdFields)
        {
            var field = message.Descriptor.FindFieldByName(name);
            if (field is { FieldType: Google.Protobuf.Reflection.FieldType.String, IsRepeated: false } && field.Accessor.GetValue(message) is string { Length: > 0 } value)
                return value;
        }
        return string.Empty;
    }
}
