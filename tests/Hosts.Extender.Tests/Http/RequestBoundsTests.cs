using System.Net;
using System.Text;
using System.Text.Json;
using OpenLocal.Hosts.Extender.Scheduling;
using OpenLocal.Hosts.Extender.Wire;

namespace OpenLocal.Hosts.Extender.Tests.Http;

/// <summary>
/// Issue 19 items 6 and 7: what one request may cost is bounded (413 above the body limit or the
/// candidate limit, just below it works), and every candidate has a name (400 otherwise).
/// </summary>
public sealed class RequestBoundsTests : IAsyncLifetime
{
    private const int Limit = 64 << 10;
    private const int MaxCandidates = 100;
    private ExtenderServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = new ExtenderOptions { Address = "127.0.0.1", Port = 0, MaxRequestBodyBytes = Limit, MaxCandidates = MaxCandidates };
        _server = ExtenderServer.Create(options, ExtenderHttpFixture.PopulatedCache());
        await _server.StartAsync();
        _client = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    // A valid request of exactly `size` bytes: the recorded names plus padding in the pod's labels.
    private static byte[] RequestOfSize(int size, string names = """["node-1", "node-2"]""")
    {
        const string head = "{\"Pod\":{\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"labels\":{\"pad\":\"";
        var tail = "\"}},\"spec\":{}},\"NodeNames\":" + names + "}";
        var padding = size - Encoding.UTF8.GetByteCount(head) - Encoding.UTF8.GetByteCount(tail);
        return Encoding.UTF8.GetBytes(head + new string('x', padding) + tail);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    [Theory]
    [InlineData("/scheduler/predicates")]
    [InlineData("/scheduler/priorities")]
    public async Task A_body_just_under_the_limit_is_answered(string path)
    {
        using var response = await _client.PostAsync(path, Json(RequestOfSize(Limit)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("node-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_with_the_reason_and_the_server_keeps_serving()
    {
        using var predicates = await _client.SendAsync(OverLimit("/scheduler/predicates"));
        using var priorities = await _client.SendAsync(OverLimit("/scheduler/priorities"));
        using var after = await _client.PostAsync("/scheduler/predicates", Json(RequestOfSize(1000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, predicates.StatusCode);
        var body = JsonDocument.Parse(await predicates.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains($"{Limit}-byte limit", body.GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("NodeNames").ValueKind);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, priorities.StatusCode);
        Assert.Contains("--max-request-body", await priorities.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    // With Content-Length the answer comes before the body is read; like kube-scheduler's Go client,
    // HttpClient then needs to see the answer instead of the closed connection (100-continue).
    private static HttpRequestMessage OverLimit(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(RequestOfSize(Limit + 1)) };
        request.Headers.ExpectContinue = true;
        return request;
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_too()
    {
        var content = new StreamContent(new MemoryStream(RequestOfSize(Limit + 1000)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scheduler/predicates") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task More_candidates_than_the_limit_is_413_exactly_the_limit_is_answered()
    {
        static string Names(int count) => JsonSerializer.Serialize(Enumerable.Range(0, count).Select(i => $"n{i}"));

        using var over = await _client.PostAsync("/scheduler/predicates", Json(RequestOfSize(8000, Names(MaxCandidates + 1))));
        using var at = await _client.PostAsync("/scheduler/priorities", Json(RequestOfSize(8000, Names(MaxCandidates))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Contains($"{MaxCandidates + 1} candidate nodes", await over.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, at.StatusCode);
        Assert.Equal(MaxCandidates, JsonDocument.Parse(await at.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"Pod":{},"Nodes":{"items":[1,"x",{}]}}""", "Nodes.items[0]")]
    [InlineData("""{"Pod":{},"Nodes":{"items":[{"metadata":{"name":"node-1"}},{"metadata":{}}]}}""", "Nodes.items[1]")]
    [InlineData("""{"Pod":{},"Nodes":{"items":[{"metadata":{"name":""}}]}}""", "Nodes.items[0]")]
    [InlineData("""{"Pod":{},"NodeNames":["node-1",null]}""", "found Null")]
    [InlineData("""{"Pod":{},"NodeNames":["node-1",""]}""", "NodeNames[1] is empty")]
    public async Task A_candidate_without_a_name_is_400_never_a_node_named_empty(string payload, string reason)
    {
        using var predicates = await _client.PostAsync("/scheduler/predicates", new StringContent(payload, Encoding.UTF8, "application/json"));
        using var priorities = await _client.PostAsync("/scheduler/priorities", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, predicates.StatusCode);
        Assert.Contains(reason, JsonDocument.Parse(await predicates.Content.ReadAsStringAsync()).RootElement.GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, priorities.StatusCode);
        Assert.Contains(reason, await priorities.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Buffers_beyond_the_pooled_size_are_never_kept_in_the_pool()
    {
        var small = PooledArray.Rent<byte>(1000);
        PooledArray.Release(small, clearArray: false);
        var smallAgain = PooledArray.Rent<byte>(1000);
        var large = PooledArray.Rent<byte>(PooledArray.MaxPooledBytes + 1);
        PooledArray.Release(large, clearArray: false);
        var largeAgain = PooledArray.Rent<byte>(PooledArray.MaxPooledBytes + 1);

        Assert.Same(small, smallAgain); // below the cap the pool still serves (ADR-0041's hot path)
        Assert.NotSame(large, largeAgain);
        Assert.Equal(PooledArray.MaxPooledBytes + 1, large.Length); // exact size: nothing rounded up to a bucket
        PooledArray.Release(smallAgain, clearArray: false);
    }
}
