using System.Net;
using System.Text;
using System.Text.Json;
using OpenLocal.Hosts.Extender.Cache;
using OpenLocal.Hosts.Extender.Scheduling;

namespace OpenLocal.Hosts.Extender.Tests.Http;

/// <summary>The HTTP contract of extender.md §2–3 over a real socket, with recorded kube-scheduler requests.</summary>
public sealed class ExtenderHttpTests(ExtenderHttpFixture fixture) : IClassFixture<ExtenderHttpFixture>
{
    private readonly HttpClient _client = fixture.Client;

    private static StringContent Recorded(string name) =>
        new(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", name)), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Predicates_with_node_names_split_nodes_and_explain_failures()
    {
        using var response = await _client.PostAsync("/scheduler/predicates", Recorded("filter-node-names.json"));
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["node-1"], body.GetProperty("NodeNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("Nodes").ValueKind);
        Assert.Empty(body.GetProperty("FailedNodes").EnumerateObject());
        Assert.Equal("", body.GetProperty("Error").GetString());
        var failed = body.GetProperty("FailedAndUnresolvableNodes");
        Assert.Equal(
            "Insufficient LVM storage on node node-2, vg is open-local-pool-0, pvc requested 20Gi, vg used 90Gi, vg capacity 100Gi",
            failed.GetProperty("node-2").GetString());
        Assert.StartsWith("no LVM storage configured on node node-3.", failed.GetProperty("node-3").GetString(), StringComparison.Ordinal);
        // An unknown node fails alone; the others are still evaluated (E4).
        Assert.Equal("no open-local storage on node node-unknown: NodeLocalStorage not found", failed.GetProperty("node-unknown").GetString());
    }

    [Fact]
    public async Task Predicates_with_full_nodes_answer_with_the_node_objects_as_received()
    {
        using var response = await _client.PostAsync("/scheduler/predicates", Recorded("filter-full-nodes.json"));
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("NodeNames").ValueKind);
        var items = body.GetProperty("Nodes").GetProperty("items").EnumerateArray().ToList();
        var node = Assert.Single(items);
        Assert.Equal("node-1", node.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("10.244.1.0/24", node.GetProperty("spec").GetProperty("podCIDR").GetString());
        Assert.True(body.GetProperty("FailedAndUnresolvableNodes").TryGetProperty("node-2", out _));
    }

    [Fact]
    public async Task Priorities_score_every_candidate_in_request_order()
    {
        using var response = await _client.PostAsync("/scheduler/priorities", Recorded("filter-node-names.json"));
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = body.EnumerateArray().Select(e => (e.GetProperty("Host").GetString(), e.GetProperty("Score").GetInt64())).ToList();
        // node-1 (binpack): (5 + 20) / 100 = 0.25 → 2; the others do not fit → 0.
        Assert.Equal([("node-1", 2L), ("node-2", 0L), ("node-3", 0L), ("node-unknown", 0L)], entries);
    }

    [Fact]
    public async Task Priorities_accept_full_nodes_too()
    {
        using var response = await _client.PostAsync("/scheduler/priorities", Recorded("filter-full-nodes.json"));
        var body = await Json(response);

        Assert.Equal(["node-1", "node-2"], body.EnumerateArray().Select(e => e.GetProperty("Host").GetString()));
    }

    [Theory]
    [InlineData("{\"Pod\": ")]
    [InlineData("not json")]
    [InlineData("{\"NodeNames\": 7}")]
    public async Task Malformed_predicates_body_is_a_400_with_the_reason(string payload)
    {
        using var response = await _client.PostAsync("/scheduler/predicates", new StringContent(payload, Encoding.UTF8, "application/json"));
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("cannot decode ExtenderArgs", body.GetProperty("Error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("NodeNames").ValueKind);
    }

    [Fact]
    public async Task Malformed_priorities_body_is_a_400_and_the_server_keeps_serving()
    {
        using var bad = await _client.PostAsync("/scheduler/priorities", new StringContent("[1,2", Encoding.UTF8, "application/json"));
        using var good = await _client.GetAsync("/version");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("cannot decode ExtenderArgs", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Version_is_plain_text()
    {
        using var response = await _client.GetAsync("/version");

        Assert.Equal("v0.1.0-c0fbee4b", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Cache_dump_keeps_open_locals_string_quirks()
    {
        using var all = await _client.GetAsync("/cache");
        using var one = await _client.PostAsync("/cache?nodeName=node-1", null);
        using var unknown = await _client.GetAsync("/cache?nodeName=nope");

        var node = (await Json(all)).GetProperty("Nodes").GetProperty("node-1");
        Assert.Equal("node-1", node.GetProperty("NodeName").GetString());
        Assert.False(node.GetProperty("SupportSPDK").GetBoolean());
        var vg = node.GetProperty("VGs").GetProperty("open-local-pool-0");
        Assert.Equal("107374182400", vg.GetProperty("capacity").GetString());
        Assert.Equal("5368709120", vg.GetProperty("requested").GetString());
        Assert.Equal("false", node.GetProperty("Devices").GetProperty("/dev/vdd").GetProperty("isAllocated").GetString());
        Assert.Equal(1, node.GetProperty("AllocatedNum").GetInt32());
        Assert.Equal("node-1", node.GetProperty("Hostname").GetString()); // no Node object: the name itself
        Assert.Equal("node-1", (await Json(one)).GetProperty("NodeName").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("nope is not found", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_expose_the_drop_in_gauges_and_request_latency()
    {
        using (await _client.PostAsync("/scheduler/predicates", Recorded("filter-node-names.json")))
        {
        }
        var text = await _client.GetStringAsync("/metrics");

        Assert.Contains("local_volume_group_total{nodename=\"node-1\",vgname=\"open-local-pool-0\"} 107374182400\n", text, StringComparison.Ordinal);
        Assert.Contains("local_volume_group_used{nodename=\"node-2\",vgname=\"open-local-pool-0\"} 96636764160\n", text, StringComparison.Ordinal);
        Assert.Contains("local_device_available{nodename=\"node-1\",name=\"/dev/vdd\",type=\"hdd\"} 107374182400\n", text, StringComparison.Ordinal);
        Assert.Contains("openlocal_extender_request_duration_seconds_count{verb=\"predicates\",code=\"200\"}", text, StringComparison.Ordinal);
        Assert.Contains("openlocal_extender_filter_nodes_total{result=\"unresolvable\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_and_unserved_verbs_are_404()
    {
        using var bind = await _client.PostAsync("/scheduler/bind", new StringContent("{}"));
        using var other = await _client.GetAsync("/nothing");

        Assert.Equal(HttpStatusCode.NotFound, bind.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Healthz_is_ok_once_synced()
    {
        Assert.Equal("ok", await _client.GetStringAsync("/healthz"));
    }
}

/// <summary>Before the watches have synced, the extender refuses to guess (§3.2).</summary>
public sealed class ExtenderNotReadyTests
{
    [Fact]
    public async Task Every_node_fails_and_healthz_is_503_until_the_cache_is_ready()
    {
        var cache = new SchedulingCache();
        await using var server = ExtenderServer.Create(new ExtenderOptions { Address = "127.0.0.1", Port = 0 }, cache);
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        const string Args = """{"Pod":{"metadata":{"name":"p"},"spec":{"volumes":[]}},"NodeNames":["a","b"]}""";

        using var health = await client.GetAsync("/healthz");
        using var filter = await client.PostAsync("/scheduler/predicates", new StringContent(Args, Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await filter.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Empty(body.GetProperty("NodeNames").EnumerateArray());
        Assert.Equal("open-local extender cache is not ready", body.GetProperty("FailedAndUnresolvableNodes").GetProperty("a").GetString());

        cache.MarkReady();
        using var ready = await client.PostAsync("/scheduler/predicates", new StringContent(Args, Encoding.UTF8, "application/json"));
        var readyBody = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, readyBody.GetProperty("NodeNames").GetArrayLength());
    }
}
