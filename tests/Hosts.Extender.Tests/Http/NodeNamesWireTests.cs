using System.Net;
using System.Text;
using System.Text.Json;

namespace OpenLocal.Hosts.Extender.Tests.Http;

/// <summary>
/// NodeNames are decoded as UTF-8 and matched against the cache without strings (ADR-0041): JSON
/// escapes, non-ASCII names, and lists longer than the first pooled buffer must
/// still reach the same verdicts as before.
/// </summary>
public sealed class NodeNamesWireTests(ExtenderHttpFixture fixture) : IClassFixture<ExtenderHttpFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private static StringContent Args(string nodeNamesJson)
    {
        var recorded = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", "filter-node-names.json"));
        var json = recorded.Replace("""["node-1", "node-2", "node-3", "node-unknown"]""", nodeNamesJson, StringComparison.Ordinal);
        Assert.NotEqual(recorded, json);
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task Escaped_names_find_their_node_and_unknown_ones_fail_alone()
    {
        using var response = await _client.PostAsync("/scheduler/predicates", Args("""["node\u002d1", "nodé-7"]"""));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["node-1"], body.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        var failed = body.GetProperty("FailedAndUnresolvableNodes");
        Assert.Equal("no open-local storage on node nodé-7: NodeLocalStorage not found", failed.GetProperty("nodé-7").GetString());
    }

    [Fact]
    public async Task Priorities_write_names_that_need_escaping_through_the_json_writer()
    {
        using var response = await _client.PostAsync("/scheduler/priorities", Args("""["node-1", "nodé-7", "quote\"d"]"""));
        var scored = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["node-1", "nodé-7", "quote\"d"], scored.EnumerateArray().Select(e => e.GetProperty("Host").GetString()));
        Assert.Equal([2L, 0L, 0L], scored.EnumerateArray().Select(e => e.GetProperty("Score").GetInt64()));
    }

    [Fact]
    public async Task A_long_candidate_list_is_scored_in_request_order()
    {
        var names = Enumerable.Range(0, 3_000).Select(i => $"absent-node-with-a-long-name-{i:D5}").Append("node-1").ToList();
        using var filter = await _client.PostAsync("/scheduler/predicates", Args(JsonSerializer.Serialize(names)));
        using var scores = await _client.PostAsync("/scheduler/priorities", Args(JsonSerializer.Serialize(names)));
        var passed = JsonDocument.Parse(await filter.Content.ReadAsStringAsync()).RootElement;
        var scored = JsonDocument.Parse(await scores.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(["node-1"], passed.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3_000, passed.GetProperty("FailedAndUnresolvableNodes").EnumerateObject().Count());
        Assert.Equal(names, scored.EnumerateArray().Select(e => e.GetProperty("Host").GetString()));
        Assert.Equal(2, scored[3_000].GetProperty("Score").GetInt64());
    }

    [Fact]
    public async Task Passing_names_are_answered_as_sent_escaped_where_json_needs_it()
    {
        // A pod without local volumes passes everywhere, so every name comes back.
        string[] names = ["node-1", "nodé-7", "quote\"d", "tab\there", new string('n', 300), "node-1"];
        var json = """{"Pod":{"metadata":{"name":"web","namespace":"default"},"spec":{}},"NodeNames":""" + JsonSerializer.Serialize(names) + "}";
        using var response = await _client.PostAsync("/scheduler/predicates", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(names, body.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(body.GetProperty("FailedAndUnresolvableNodes").EnumerateObject());
    }

    [Fact]
    public async Task A_chunked_body_larger_than_the_first_buffer_is_read_whole()
    {
        // ~2 MB without Content-Length: read in many segments into a growing buffer.
        var names = Enumerable.Range(0, 40_000).Select(i => $"absent-node-with-a-long-name-{i:D5}").Append("node-1").ToList();
        var recorded = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", "filter-node-names.json"));
        var json = Encoding.UTF8.GetBytes(recorded.Replace("""["node-1", "node-2", "node-3", "node-unknown"]""", JsonSerializer.Serialize(names), StringComparison.Ordinal));
        using var content = new StreamContent(new MemoryStream(json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scheduler/predicates") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);
        var passed = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["node-1"], passed.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(40_000, passed.GetProperty("FailedAndUnresolvableNodes").EnumerateObject().Count());
    }
}
