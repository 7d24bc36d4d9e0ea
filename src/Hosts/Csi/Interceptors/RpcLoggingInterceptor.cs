using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using OpenLocal.Hosts.Csi.Metrics;

namespace OpenLocal.Hosts.Csi.Interceptors;

/// <summary>
/// One structured line and one metrics sample per RPC: method, the id it concerns, duration, status
/// code (metrics.md §3 <c>openlocal_csi_request_duration_seconds</c>). Only the id fields are read
/// from the request, never secrets, contexts or mount flags.
/// </summary>
public sealed class RpcLoggingInterceptor(ILogger<RpcLoggingInterceptor> logger, CsiMetrics metrics) : Interceptor
{
    private static readonly string[] IdFields = ["volume_id", "snapshot_id", "name", "source_volume_id"];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        var started = Stopwatch.GetTimestamp();
        var id = IdOf(request);
        // Anything but an RpcException reaches the client as Unknown.
        var code = StatusCode.Unknown;
        using var inFlight = metrics.TrackInFlight(context.Method);
        try
        {
            var response = await continuation(request, context);
            code = StatusCode.OK;
            Log(LogLevel.Information, context.Method, id, started, code, null);
            return response;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            var level = code is StatusCode.Internal or StatusCode.Unknown ? LogLevel.Error : LogLevel.Warning;
            Log(level, context.Method, id, started, code, ex.Status.Detail);
            throw;
        }
        finally
        {
            metrics.ObserveRequest(context.Method, code, Stopwatch.GetElapsedTime(started));
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
