using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLocal.Application;
using OpenLocal.Application.NodeVolumes;
using OpenLocal.Application.Ports;
using OpenLocal.Hosts.Csi.Interceptors;
using OpenLocal.Hosts.Csi.Metrics;
using OpenLocal.Hosts.Csi.Services;

namespace OpenLocal.Hosts.Csi;

/// <summary>
/// Composes the CSI plugin: Kestrel on the endpoint with HTTP/2 only, the Identity service always,
/// Controller and Node by mode, one logging and one status-mapping interceptor, and, on
/// <c>--metrics-address</c>, a second listener with metrics and health (ADR-0067). The storage backend
/// (ports) comes from <c>configureBackend</c>; this host knows no adapter.
/// </summary>
public static class CsiServer
{
    public static WebApplication Build(
        CsiPluginOptions options,
        NodePublishOptions nodeOptions,
        Action<IServiceCollection> configureBackend,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configureBackend);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "openlocal-csi" });
        builder.Logging.ClearProviders();
        if (configureLogging is null)
            AddConsole(builder.Logging);
        else
            configureLogging(builder.Logging);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc.AspNetCore", LogLevel.Warning);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            KeepConnectionsOpen(kestrel.Limits, options.IdleConnectionTimeout);
            if (options.Endpoint.IsUnixSocket)
                kestrel.ListenUnixSocket(options.Endpoint.SocketPath!, listen => listen.Protocols = HttpProtocols.Http2);
            else
                kestrel.Listen(ResolveAddress(options.Endpoint.Host!), options.Endpoint.Port, listen => listen.Protocols = HttpProtocols.Http2);
            if (options.Metrics is { } metrics)
                MetricsEndpoints.Listen(kestrel, metrics);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddOpenLocalApplication();
        services.AddNodeVolumes(new NodeIdentity(options.NodeId), nodeOptions ?? new NodePublishOptions());
        configureBackend(services);
        services.TryAddSingleton<IBackendProbe, StorageInventoryProbe>();
        services.AddSingleton<PluginReadiness>();
        services.AddSingleton(sp => new CsiMetrics(options, sp.GetService<IDamagedRecords>()));
        services.AddGrpc(grpc =>
        {
            // Registration order is execution order: logging sees the status the mapper produced.
            grpc.Interceptors.Add<RpcLoggingInterceptor>();
            grpc.Interceptors.Add<FailureStatusInterceptor>();
            grpc.EnableDetailedErrors = false;
        });

        var app = builder.Build();
        app.MapGrpcService<IdentityService>();
        if (options.ServesController)
            app.MapGrpcService<ControllerService>();
        if (options.ServesNode)
            app.MapGrpcService<NodeService>();
        if (options.Metrics is not null)
            MetricsEndpoints.Map(app);

        if (options.Endpoint.IsUnixSocket)
            PrepareSocket(app, options.Endpoint.SocketPath!);
        return app;
    }

    /// <summary>The plugin's log format: one UTC-stamped line per entry.</summary>
    public static ILoggingBuilder AddConsole(ILoggingBuilder logging) =>
        logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; o.UseUtcTimestamp = true; });

    /// <summary>
    /// csi-lib-utils treats a dropped connection as a lost driver and the sidecar exits (issue 14,
    /// ADR-0052), so nothing may close a connection for being idle or slow: the keep-alive timeout
    /// (130 s by default) is <paramref name="idleTimeout"/>, ten years in production; no keep-alive
    /// pings that could time out; no minimum data rates. <c>RequestHeadersTimeout</c> stays: over
    /// HTTP/2 it only runs between a HEADERS frame and its END_HEADERS, never on an idle connection.
    /// </summary>
    private static void KeepConnectionsOpen(KestrelServerLimits limits, TimeSpan idleTimeout)
    {
        limits.KeepAliveTimeout = idleTimeout;
        limits.Http2.KeepAlivePingDelay = Timeout.InfiniteTimeSpan;
        limits.Http2.KeepAlivePingTimeout = TimeSpan.MaxValue;
        limits.MinRequestBodyDataRate = null;
        limits.MinResponseDataRate = null;
    }

    /// <summary>
    /// csi.md §1, issue 19 item 5: a stale socket file from a previous run is replaced, a live
    /// plugin's socket or any other file is refused (FailedPrecondition); ours is removed at exit
    /// unless a successor's socket already took its place.
    /// </summary>
    private static void PrepareSocket(WebApplication app, string socketPath)
    {
        UnixSocketFile.Claim(socketPath);
        UnixSocketFile.FileIdentity? bound = null;
        app.Lifetime.ApplicationStarted.Register(() => bound = UnixSocketFile.Identify(socketPath));
        app.Lifetime.ApplicationStopped.Register(() => UnixSocketFile.ReleaseIfStill(socketPath, bound));
    }

    private static IPAddress ResolveAddress(string host) =>
        host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var address) ? address : IPAddress.Any;
}
