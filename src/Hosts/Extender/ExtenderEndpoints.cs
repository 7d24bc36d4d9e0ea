using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender;

/// <summary>
/// The HTTP routes (extender.md §2). Translation only: decode, call <see cref="ExtenderVerbs"/>,
/// encode. No input crashes the process (E3): an undecodable body is a 400 whose body says why
/// (for predicates an ExtenderFilterResult with <c>Error</c> and null <c>NodeNames</c>).
/// </summary>
public static class ExtenderEndpoints
{
    public static void Map(WebApplication app, SchedulingCache cache, ExtenderVerbs verbs, ExtenderMetrics metrics, ExtenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/scheduler/predicates", context => Timed(metrics, "predicates", context, async () =>
        {
            var args = await ReadArgs(context, options);
            if (args.Error is not null)
            {
                context.Response.StatusCode = args.Status;
                await WriteAnswer(context, writer => ExtenderResponses.WriteFilterError(writer, args.Error));
                return;
            }
            using var request = args.Value!;
            using var verdicts = verbs.Filter(request);
            await WriteAnswer(context, writer => ExtenderResponses.WriteFilterResult(writer, verdicts));
        }));
        app.MapPost("/scheduler/priorities", context => Timed(metrics, "priorities", context, async () =>
        {
            var args = await ReadArgs(context, options);
            if (args.Error is not null)
            {
                await WriteText(context, args.Status, args.Error);
                return;
            }
            using var request = args.Value!;
            using var scores = verbs.Prioritize(request);
            await WriteAnswer(context, writer => ExtenderResponses.WritePriorities(writer, request.Candidates, scores.Values));
        }));
        Compat.CompatEndpoints.Map(app, new Compat.ClaimScheduler(cache, options), metrics);
        app.MapMethods("/cache", ["GET", "POST"], context => Timed(metrics, "cache", context, () => WriteCache(context, cache)));
        app.MapGet("/version", context => WriteText(context, StatusCodes.Status200OK, options.Version));
        app.MapGet("/healthz", context => cache.Current.IsReady
            ? WriteText(context, StatusCodes.Status200OK, "ok")
            : WriteText(context, StatusCodes.Status503ServiceUnavailable, "cache is not synced yet"));
        app.MapGet("/metrics", context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return context.Response.WriteAsync(metrics.Render(cache.Current, cache.LastEventAt, DateTimeOffset.UtcNow));
        });
    }

    private static async Task Timed(ExtenderMetrics metrics, string verb, HttpContext context, Func<Task> handle)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await handle();
        }
        finally
        {
            metrics.ObserveRequest(verb, context.Response.StatusCode, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    // The body is buffered whole, then decoded in one synchronous pass (ADR-0045): decoding from the
    // stream resumes the deserializer once per network read, on whichever thread the read completes.
    // What one request may cost is bounded (issue 19 item 6, ADR 0050): a body above the limit is
    // refused before it is buffered (also when it arrives chunked, without Content-Length), and so is
    // a request naming more candidates than any real cluster has.
    private static async Task<(ExtenderArgs? Value, string? Error, int Status)> ReadArgs(HttpContext context, ExtenderOptions options)
    {
        var limit = options.MaxRequestBodyBytes;
        var declared = context.Request.ContentLength;
        if (declared > limit)
            return (null, TooLarge($"{declared}-byte", limit), StatusCodes.Status413PayloadTooLarge);
        var body = context.Request.BodyReader;
        // Content-Length is exact (Kestrel enforces it) and within the limit here: one buffer, no regrowth.
        var buffer = PooledArray.Rent<byte>((int)Math.Clamp(declared ?? 0, 4096, Math.Max(limit, 4096)));
        var length = 0;
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(context.RequestAborted);
                if (length + read.Buffer.Length > limit)
                    return (null, TooLarge("chunked", limit), StatusCodes.Status413PayloadTooLarge);
                foreach (var segment in read.Buffer)
                {
                    if (length + segment.Length > buffer.Length)
                        buffer = PooledArray.Grow(buffer, (int)Math.Min(Math.Max(length + segment.Length, (long)buffer.Length * 2), limit), length);
                    segment.Span.CopyTo(buffer.AsSpan(length));
                    length += segment.Length;
                }
                body.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                    break;
            }
            var args = JsonSerializer.Deserialize(buffer.AsSpan(0, length), ExtenderJsonContext.Default.ExtenderArgs);
            if (args is null)
                return (null, "request body is empty or null; expected ExtenderArgs JSON", StatusCodes.Status400BadRequest);
            args.ResolveCandidates();
            if (args.Candidates.Count > options.MaxCandidates)
            {
                var count = args.Candidates.Count;
                args.Dispose();
                return (null, $"request names {count} candidate nodes, more than the {options.MaxCandidates} this extender evaluates in one request",
                    StatusCodes.Status413PayloadTooLarge);
            }
            return (args, null, StatusCodes.Status200OK);
        }
        catch (JsonException e)
        {
            return (null, "cannot decode ExtenderArgs: " + e.Message, StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge("chunked", limit), StatusCodes.Status413PayloadTooLarge);
        }
        finally
        {
            PooledArray.Release(buffer, clearArray: false);
        }
    }

    private static string TooLarge(string what, long limit) =>
        $"request body too large: a {what} body exceeds the {limit}-byte limit (openlocal extender --max-request-body)";

    private static Task WriteCache(HttpContext context, SchedulingCache cache)
    {
        var cluster = cache.Current;
        var nodeName = context.Request.Query["nodeName"].ToString();
        if (nodeName.Length > 0)
        {
            return cluster.FindNode(nodeName) is { } node
                ? WriteJson(context, CacheNode.From(node), ExtenderJsonContext.Default.CacheNode)
                : WriteText(context, StatusCodes.Status400BadRequest, $"{nodeName} is not found");
        }
        var dump = new CacheDump();
        foreach (var node in cluster.Nodes)
            dump.Nodes[node.Name] = CacheNode.From(node);
        return WriteJson(context, dump, ExtenderJsonContext.Default.CacheDump);
    }

    // The verb answers go straight into the response pipe (ADR-0041): written synchronously, then
    // one flush.
    private static async Task WriteAnswer(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, ExtenderResponses.WriterOptions))
            write(writer);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static Task WriteJson<T>(HttpContext context, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }

    private static Task WriteText(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text);
    }
}
