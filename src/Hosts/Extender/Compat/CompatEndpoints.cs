using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Extender.Scheduling;

namespace OpenLocal.Hosts.Extender.Compat;

/// <summary>
/// <c>POST /apis/scheduling/{namespace}/persistentvolumeclaims/{name}?nodeName=</c> (extender.md §7).
/// The body is ignored, and so are <c>volumeType</c> and <c>vgName</c> (open-local's handler never
/// read them: the StorageClass decides). Refusals are <c>text/plain</c>; this is the one place
/// their kind becomes an HTTP status (400 / 404 / 503, everything else 500 as open-local answered).
/// </summary>
public static class CompatEndpoints
{
    public const string Route = "/apis/scheduling/{namespace}/persistentvolumeclaims/{name}";

    public static void Map(WebApplication app, ClaimScheduler scheduler, ExtenderMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(metrics);
        app.MapPost(Route, async context =>
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await Handle(context, scheduler);
            }
            finally
            {
                // metrics.md: verb "scheduling" of openlocal_extender_request_duration_seconds.
                metrics.ObserveRequest("scheduling", context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
        });
    }

    private static async Task Handle(HttpContext context, ClaimScheduler scheduler)
    {
        var ns = context.Request.RouteValues["namespace"] as string ?? "";
        var name = context.Request.RouteValues["name"] as string ?? "";
        BindingInfo binding;
        try
        {
            binding = scheduler.Schedule(ns, name, context.Request.Query["nodeName"].ToString());
        }
        catch (StorageException e)
        {
            context.Response.StatusCode = StatusOf(e.Kind);
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(e.Message, context.RequestAborted);
            return;
        }
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, binding, CompatJsonContext.Default.BindingInfo, context.RequestAborted);
    }

    private static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => StatusCodes.Status400BadRequest,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
