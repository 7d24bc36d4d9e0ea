using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace OpenLocal.Hosts.Csi.Metrics;

/// <summary>
/// <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> on <c>--metrics-address</c> over plain HTTP/1.1
/// (metrics.md §1, issue 18; ADR-0067). The CSI listener speaks HTTP/2 only and this one HTTP/1.1
/// only, so a request's protocol says which listener it came through: these paths answer 404 on the
/// CSI socket.
/// </summary>
public static class MetricsEndpoints
{
    private static readonly PathString[] Paths = ["/metrics", "/healthz", "/readyz"];

    public static void Listen(KestrelServerOptions kestrel, MetricsAddress address)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(address);
        if (address.Host is null)
            kestrel.ListenAnyIP(address.Port, listen => listen.Protocols = HttpProtocols.Http1);
        else
            kestrel.Listen(address.Host, address.Port, listen => listen.Protocols = HttpProtocols.Http1);
    }

    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWhen(
            context => HttpProtocol.IsHttp2(context.Request.Protocol) && Paths.Contains(context.Request.Path),
            notHere => notHere.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CsiMetrics>().Registry);
        // Liveness: the process serves HTTP.
        app.MapGet("/healthz", context => context.Response.WriteAsync("ok", context.RequestAborted));
        // Readiness: the same answer as the CSI Probe (csi.md §9).
        app.MapGet("/readyz", async context =>
        {
            var ready = await context.RequestServices.GetRequiredService<PluginReadiness>().IsReadyAsync(context.RequestAborted);
            context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync(ready ? "ok" : "not ready", context.RequestAborted);
        });
    }
}
