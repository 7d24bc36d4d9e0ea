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
using OpenLocal.Hosts.Csi.Interceptors;
using OpenLocal.Hosts.Csi.Services;

namespace OpenLocal.Hosts.Csi;

/// <summary>
/// Composes the CSI plugin: Kestrel on the endpoint with HTTP/2 only, the Identity service always,
/// Controller and Node by mode, one logging and one status-mapping interceptor. The storage backend
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
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ "; o.UseUtcTimestamp = true; });
        else
            configureLogging(builder.Logging);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc.AspNetCore", LogLevel.Warning);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (options.Endpoint.IsUnixSocket)
                kestrel.ListenUnixSocket(options.Endpoint.SocketPath!, listen => listen.Protocols = HttpProtocols.Http2);
            else
                kestrel.Listen(ResolveAddress(options.Endpoint.Host!), options.Endpoint.Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddOpenLocalApplication();
        services.AddNodeVolumes(new NodeIdentity(options.NodeId), nodeOptions ?? new NodePublishOptions());
        configureBackend(services);
        services.TryAddSingleton<IBackendProbe, StorageInventoryProbe>();
        services.AddSingleton<PluginReadiness>();
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

        if (options.Endpoint.IsUnixSocket)
            PrepareSocket(app, options.Endpoint.SocketPath!);
        return app;
    }

    /// <summary>csi.md §1: a stale socket file from a previous run is removed before listening, ours is removed at exit.</summary>
    private static void PrepareSocket(WebApplication app, string socketPath)
    {
        var directory = Path.GetDirectoryName(socketPath);
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        if (File.Exists(socketPath))
            File.Delete(socketPath);
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            try
            {
                File.Delete(socketPath);
            }
            catch (IOException)
            {
                // Best effort: the next start removes it anyway.
            }
        });
    }

    private static IPAddress ResolveAddress(string host) =>
        host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var address) ? address : IPAddress.Any;
}
