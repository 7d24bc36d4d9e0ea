using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenLocal.ApiServer;

/// <summary>
/// An in-process Kubernetes API server over plain HTTP on 127.0.0.1, enough of the real protocol for the unmodified
/// KubernetesClient and kubectl (testing.md, ADR-0021): discovery, CRUD, status subresource, patches, resourceVersion
/// conflicts, watches with bookmarks and 410, selectors, server-side tables. A thin HTTP layer over
/// <see cref="ObjectStore"/>; what it serves comes from <see cref="ResourceTable"/>.
/// </summary>
/// <example>
/// <code>
/// await using var server = new EmbeddedApiServer(new() { CustomResourceDefinitionPaths = ["deploy/crds"] });
/// var baseUri = await server.StartAsync();
/// using var client = server.CreateClient();
/// </code>
/// </example>
public sealed class EmbeddedApiServer : IAsyncDisposable
{
    private static readonly byte[] Newline = "\n"u8.ToArray();
    private readonly EmbeddedApiServerOptions options;
    private readonly CustomResourceDefinitions crds;
    private WebApplication? app;

    public EmbeddedApiServer(EmbeddedApiServerOptions? options = null)
    {
        this.options = options ?? new EmbeddedApiServerOptions();
        Store = new ObjectStore(new ObjectStoreOptions { HistoryLimit = this.options.HistoryLimit });
        crds = new CustomResourceDefinitions(Resources, Store);
        Store.Admit = crds.Admit;
        Store.Committed = crds.Committed;
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
            Store.Create(ResourceTable.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
    }

    public ObjectStore Store { get; }

    public ResourceTable Resources { get; } = new();

    /// <summary>Valid after <see cref="StartAsync"/>, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
    {
        var bundled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var crd in CustomResourceDefinitions.LoadBundled(options.Logger))
            bundled.Add(Store.Create(ResourceTable.CustomResourceDefinitions, null, crd).Node["metadata"]!["name"]!.GetValue<string>());
        foreach (var path in options.CustomResourceDefinitionPaths)
        {
            foreach (var crd in await CustomResourceDefinitions.LoadAsync(path, options.Logger, cancellationToken))
            {
                var name = crd["metadata"]?["name"]?.GetValue<string>() ?? "";
                if (bundled.Remove(name))
                {
                    Log.ReplacedBundled(options.Logger, path, name);
                    Store.Update(ResourceTable.CustomResourceDefinitions, null, name, crd, statusOnly: false);
                }
                else
                    Store.Create(ResourceTable.CustomResourceDefinitions, null, crd);
            }
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return BaseUri;
    }

    /// <summary>A KubernetesClient for this server.</summary>
    public IKubernetes CreateClient() => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = BaseUri.ToString() });

    /// <summary>Test hook: breaks every open watch connection, as a restarting API server or a network cut would.</summary>
    public void DropWatches() => Store.DropWatches();

    public async ValueTask DisposeAsync()
    {
        if (app is null)
            return;
        Store.DropWatches();
        await app.StopAsync();
        await app.DisposeAsync();
        app = null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await RouteAsync(context);
        }
        catch (ApiException e)
        {
            await WriteJsonAsync(context, e.Code, e.ToStatus());
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(context, 400, ApiException.Status(400, "BadRequest", $"invalid JSON body: {e.Message}"));
        }
        catch (InvalidOperationException e) when (!context.Response.HasStarted)
        {
            // JsonNode accessors throw InvalidOperationException on a value of the wrong JSON type.
            await WriteJsonAsync(context, 400, ApiException.Status(400, "BadRequest", e.Message));
        }
    }

    /// <summary>
    /// apiserver endpoints/handlers/namer.go: a name in the URL must be a valid path segment (400 otherwise). Kestrel
    /// resolves <c>.</c>/<c>..</c> segments before routing, so they are checked on the raw target: otherwise
    /// <c>GET .../pods/..</c> would serve the list one level up.
    /// </summary>
    private static void EnsureRawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = raw.Split('?', 2)[0];
        foreach (var segment in path.Split('/'))
        {
            var decoded = Uri.UnescapeDataString(segment);
            if (decoded is "." or "..")
                EnsurePathSegment(decoded);
        }
    }

    private static void EnsurePathSegment(string name)
    {
        var errors = ObjectNames.PathSegmentErrors(name);
        if (errors.Count > 0)
            throw ApiException.BadRequest($"invalid resource name \"{name}\": [{string.Join(", ", errors)}]");
    }

    private async Task RouteAsync(HttpContext context)
    {
        EnsureRawPath(context);
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var notFound = new ApiException(404, "NotFound", "the server could not find the requested resource");
        if (segments is ["version"])
        {
            await WriteJsonAsync(context, 200, Discovery.Version());
            return;
        }
        if (segments is ["openapi", "v3", ..])
        {
            var document = segments.Length == 2 ? OpenApi.Index(Resources) : OpenApi.Document(Resources, Store, string.Join('/', segments[2..]));
            await WriteJsonAsync(context, 200, document ?? throw notFound);
            return;
        }
        if (segments is ["openapi", "v2"])
        {
            // An empty protobuf OpenAPI v2 document (zero bytes is a valid empty message): kubectl's fallback
            // validator then knows no schema and accepts the object, as with --validate=false.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
            return;
        }
        string group;
        string[] rest;
        switch (segments)
        {
            case ["api"]:
                await WriteJsonAsync(context, 200, Discovery.CoreVersions($"{BaseUri.Host}:{BaseUri.Port}"));
                return;
            case ["apis"]:
                await WriteJsonAsync(context, 200, Discovery.Groups(Resources));
                return;
            case ["apis", var g]:
                await WriteJsonAsync(context, 200, Discovery.Group(Resources, g) ?? throw notFound);
                return;
            case ["api", _, ..]:
                group = "";
                rest = segments[1..];
                break;
            case ["apis", _, _, ..]:
                group = segments[1];
                rest = segments[2..];
                break;
            default:
                throw notFound;
        }
        var version = rest[0];
        rest = rest[1..];
        if (rest.Length == 0)
        {
            await WriteJsonAsync(context, 200, Discovery.Resources(Resources, group, version) ?? throw notFound);
            return;
        }
        var watchPath = rest[0] == "watch";
        if (watchPath)
            rest = rest[1..];
        string? ns = null;
        if (rest is ["namespaces", _, var nsPlural, ..] && Resources.Find(group, version, nsPlural) is { Namespaced: true })
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var type = Resources.Find(group, version, rest[0]) ?? throw notFound;
        var name = rest.Length > 1 ? rest[1] : null;
        if (name is not null)
            EnsurePathSegment(name);
        var subresource = rest.Length > 2 ? rest[2] : null;
        if (rest.Length > 3 || (subresource is not null && (subresource != "status" || !type.HasStatus)) || (!type.Namespaced && ns is not null)
            || (type.Namespaced && ns is null && name is not null))
            throw notFound;
        await ServeResourceAsync(context, type, ns, name, subresource == "status", watchPath);
    }

    private async Task ServeResourceAsync(HttpContext context, ResourceType type, string? ns, string? name, bool status, bool watchPath)
    {
        var query = context.Request.Query;
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            var watch = watchPath || query["watch"] is var w && (w == "true" || w == "1");
            if (name is not null && !watch)
            {
                await WriteObjectAsync(context, 200, type, Store.Get(type, ns, name));
                return;
            }
            var fields = query["fieldSelector"].ToString();
            if (name is not null)
                fields = string.IsNullOrEmpty(fields) ? $"metadata.name={name}" : $"{fields},metadata.name={name}";
            var filter = new WatchFilter(type, ns, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(fields, type));
            if (watch)
                await WatchAsync(context, filter);
            else
                await ListAsync(context, filter);
            return;
        }
        if (HttpMethods.IsPost(method) && name is null)
        {
            await WriteObjectAsync(context, 201, type, Store.Create(type, ns, await ReadBodyAsync(context, type), Strict(context)));
            return;
        }
        if (HttpMethods.IsPut(method) && name is not null)
        {
            await WriteObjectAsync(context, 200, type, Store.Update(type, ns, name, await ReadBodyAsync(context, type), status, Strict(context)));
            return;
        }
        if (HttpMethods.IsPatch(method) && name is not null)
        {
            var contentType = context.Request.ContentType ?? "";
            Patches.EnsureSupported(type, contentType);
            var patch = await JsonNode.ParseAsync(context.Request.Body) ?? throw ApiException.BadRequest("empty patch");
            await WriteObjectAsync(context, 200, type, Store.Patch(type, ns, name, current => Patches.Apply(type, contentType, current, patch), status, Strict(context)));
            return;
        }
        if (HttpMethods.IsDelete(method))
        {
            if (name is not null)
            {
                var (uid, orphan) = await ReadDeleteOptionsAsync(context);
                await WriteObjectAsync(context, 200, type, Store.Delete(type, ns, name, uid, orphan));
                return;
            }
            var filter = new WatchFilter(type, ns, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"], type));
            foreach (var o in Store.List(filter).Items)
                Store.Delete(type, o.Node["metadata"]?["namespace"]?.GetValue<string>(), o.Node["metadata"]!["name"]!.GetValue<string>());
            await ListAsync(context, filter);
            return;
        }
        throw new ApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource");
    }

    /// <summary><c>fieldValidation=Strict</c>: undeclared fields of a custom resource are a 400, not pruned (ADR-0060).</summary>
    private static bool Strict(HttpContext context) => context.Request.Query["fieldValidation"] == "Strict";

    private async Task ListAsync(HttpContext context, WatchFilter filter)
    {
        var (all, current) = Store.List(filter);
        var query = context.Request.Query;
        var page = ListPage.Of([.. all.OrderBy(Key, StringComparer.Ordinal)], current, query["limit"], query["continue"]);
        if (TableRenderer.Requested(context.Request.Headers.Accept))
        {
            var table = TableRenderer.Render(filter.Type, page.Items, page.Revision, DateTime.UtcNow);
            if (page.Continue is not null)
                table["metadata"]!["continue"] = page.Continue;
            await WriteJsonAsync(context, 200, table, "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var metadata = new JsonObject { ["resourceVersion"] = page.Revision.ToString(CultureInfo.InvariantCulture) };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
            metadata["remainingItemCount"] = page.RemainingItemCount;
        }
        var head = $"{{\"kind\":\"{filter.Type.ListKind}\",\"apiVersion\":\"{filter.Type.GroupVersion}\",\"metadata\":{metadata.ToJsonString()},\"items\":[";
        var body = context.Response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes(head));
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
                await body.WriteAsync(","u8.ToArray());
            await body.WriteAsync(page.Items[i].Json);
        }
        await body.WriteAsync("]}"u8.ToArray());

        static string Key(StoredObject o) => $"{o.Node["metadata"]?["namespace"]?.GetValue<string>()}/{o.Node["metadata"]?["name"]?.GetValue<string>()}";
    }

    private async Task WatchAsync(HttpContext context, WatchFilter filter)
    {
        var query = context.Request.Query;
        var rv = query["resourceVersion"].ToString();
        long? from = rv is "" or "0" ? null
            : long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : throw ApiException.BadRequest($"invalid resourceVersion \"{rv}\"");
        var table = TableRenderer.Requested(context.Request.Headers.Accept);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        WatchSubscription subscription;
        try
        {
            subscription = Store.Watch(filter, from);
        }
        catch (ApiException e)
        {
            // kube-apiserver reports an expired resourceVersion inside the watch stream, as an ERROR event.
            await WriteFrameAsync(context, "ERROR", JsonSerializer.SerializeToUtf8Bytes(e.ToStatus()));
            return;
        }
        using var _ = subscription;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        var bookmarks = query["allowWatchBookmarks"] == "true"
            ? BookmarkLoopAsync(subscription, options.BookmarkInterval, timeout.Token)
            : Task.CompletedTask;
        await context.Response.Body.FlushAsync(timeout.Token);
        try
        {
            await foreach (var e in subscription.Events.ReadAllAsync(timeout.Token))
            {
                var payload = table && e.Type != "BOOKMARK"
                    ? JsonSerializer.SerializeToUtf8Bytes(TableRenderer.Render(filter.Type, [e.Object], e.Object.Revision, DateTime.UtcNow))
                    : e.Object.Json;
                await WriteFrameAsync(context, e.Type, payload);
            }
        }
        catch (OperationCanceledException)
        {
            // Client went away or timeoutSeconds elapsed: a normal end of a watch.
        }
        catch (WatchDroppedException)
        {
            context.Abort();
        }
        await timeout.CancelAsync();
        await bookmarks;
    }

    private static async Task BookmarkLoopAsync(WatchSubscription subscription, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                subscription.RequestBookmark();
        }
        catch (OperationCanceledException)
        {
            // The watch ended.
        }
    }

    private static async Task WriteFrameAsync(HttpContext context, string type, ReadOnlyMemory<byte> json)
    {
        var body = context.Response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"), context.RequestAborted);
        await body.WriteAsync(json, context.RequestAborted);
        await body.WriteAsync("}"u8.ToArray(), context.RequestAborted);
        await body.WriteAsync(Newline, context.RequestAborted);
        await body.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteObjectAsync(HttpContext context, int code, ResourceType type, StoredObject obj)
    {
        if (TableRenderer.Requested(context.Request.Headers.Accept))
        {
            await WriteJsonAsync(context, code, TableRenderer.Render(type, [obj], obj.Revision, DateTime.UtcNow), "application/json;as=Table;v=v1;g=meta.k8s.io");
            return;
        }
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(obj.Json);
    }

    private static async Task WriteJsonAsync(HttpContext context, int code, JsonObject body, string contentType = "application/json")
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body));
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context, ResourceType type)
    {
        if (!ProtobufBody.Is(context.Request.ContentType))
            return await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return ProtobufBody.Decode(type, buffer.ToArray());
    }

    /// <summary>DeleteOptions: preconditions.uid, and propagationPolicy Orphan (body or query) to keep the dependents.</summary>
    private static async Task<(string? Uid, bool Orphan)> ReadDeleteOptionsAsync(HttpContext context)
    {
        var queryOrphan = context.Request.Query["propagationPolicy"] == "Orphan" || context.Request.Query["orphanDependents"] == "true";
        // A protobuf DeleteOptions (typed clients of kubectl) carries no precondition kubectl sets; it is not read.
        if ((context.Request.ContentLength is 0 or null && !context.Request.Headers.TransferEncoding.Any()) || ProtobufBody.Is(context.Request.ContentType))
            return (null, queryOrphan);
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
            return (null, queryOrphan);
        var options = JsonNode.Parse(text);
        var orphan = queryOrphan || options?["propagationPolicy"]?.GetValue<string>() == "Orphan" || options?["orphanDependents"]?.GetValue<bool>() == true;
        return (options?["preconditions"]?["uid"]?.GetValue<string>(), orphan);
    }
}
