using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;

namespace OpenLocal.Hosts.Extender;

/// <summary>
/// Composes the extender's HTTP server (Kestrel, no MVC) around a <see cref="SchedulingCache"/>.
/// The CLI feeds the cache from watches; tests and benchmarks feed it directly.
/// </summary>
public sealed class ExtenderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ExtenderServer(WebApplication app, SchedulingCache cache, ExtenderMetrics metrics)
    {
        _app = app;
        Cache = cache;
        Metrics = metrics;
    }

    public SchedulingCache Cache { get; }
    public ExtenderMetrics Metrics { get; }

    /// <summary>The base address actually bound (resolves port 0).</summary>
    public Uri BaseAddress
    {
        get
        {
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    public static ExtenderServer Create(ExtenderOptions options, SchedulingCache cache, ExtenderMetrics? metrics = null, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cache);
        metrics ??= new ExtenderMetrics();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        // Every route's body is bounded like the verbs' (issue 19 item 6); the verbs answer 413 themselves.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.WebHost.UseUrls($"http://{options.Address}:{options.Port}");
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        var app = builder.Build();
        app.UseRouting();
        ExtenderEndpoints.Map(app, cache, new ExtenderVerbs(cache, options, metrics), metrics, options);
        return new ExtenderServer(app, cache, metrics);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
