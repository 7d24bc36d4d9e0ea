using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenLocal.Benchmarks;

/// <summary>
/// The load generator: per cluster size, starts the extender in a child process (this binary with
/// <c>serve N</c>, hence the same runtime configuration), sends requests one after another as
/// kube-scheduler does (warm-up first), and reads the child's RSS from /proc and its GC counters
/// from its stats lines. The child's numbers contain nothing of the load generator.
/// </summary>
internal static class LoadRun
{
    private const int WarmUp = 500;
    private const int Iterations = 5_000;
    private static readonly string[] Verbs = ["predicates", "priorities"];

    public static async Task<int> Run(int[] sizes)
    {
        var latency = new StringBuilder();
        var memory = new StringBuilder();
        string? settings = null;
        var loadBefore = LoadAverage();
        foreach (var nodes in sizes)
        {
            using var child = Start(nodes);
            var address = await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the extender process exited before listening");
            using var client = new HttpClient { BaseAddress = new Uri(address["listening ".Length..]) };
            var body = Encoding.UTF8.GetBytes(ClusterFixture.Request(nodes));
            await Check(client, body, nodes);
            // Warm up both verbs before measuring either, so tiered JIT has settled for both.
            foreach (var verb in Verbs)
                await Send(client, verb, body, WarmUp);
            foreach (var verb in Verbs)
            {
                var before = await Stats(child, "stats");
                var cpuBefore = CpuTime(child.Id);
                var samples = await Send(client, verb, body, Iterations);
                var cpu = CpuTime(child.Id) - cpuBefore;
                var after = await Stats(child, "stats");
                settings = after.Settings;
                latency.AppendLine(CultureInfo.InvariantCulture,
                    $"| {nodes:N0} | {nodes * 20:N0} | {verb} | {Ms(samples, 0.50)} | {Ms(samples, 0.90)} | {Ms(samples, 0.99)} | {Ms(samples, 1.0)} | {cpu.TotalMilliseconds / Iterations:F2} ms | " +
                    $"{(after.Allocated - before.Allocated) / 1024.0 / Iterations:F1} KiB | " +
                    $"{after.Gen0 - before.Gen0} / {after.Gen1 - before.Gen1} / {after.Gen2 - before.Gen2} | {after.PauseMs - before.PauseMs:F1} ms |");
            }
            var run = await Stats(child, "stats");
            var (rss, peak) = Rss(child.Id);
            var collected = await Stats(child, "collect");
            var (rssCollected, _) = Rss(child.Id);
            memory.AppendLine(CultureInfo.InvariantCulture,
                $"| {nodes:N0} | {nodes * 20:N0} | {Mib(rss)} | {Mib(peak)} | {Mib(run.HeapBytes)} | {Mib(run.CommittedBytes)} | {run.Gen0} / {run.Gen1} / {run.Gen2}, {run.PauseMs:F0} ms | {Mib(rssCollected)} | {Mib(collected.HeapBytes)} |");
            child.StandardInput.Close();
            await child.WaitForExitAsync();
        }
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; load average before {loadBefore}, after {LoadAverage()}");
        Console.WriteLine($"extender process runtime: {settings}");
        Console.WriteLine($"{WarmUp} warm-up requests per verb (both verbs first), then {Iterations} measured requests per verb, sequential, one keep-alive connection");
        Console.WriteLine();
        Console.WriteLine("| nodes | placed volumes | verb | HTTP p50 | HTTP p90 | HTTP p99 | HTTP max | server CPU/request | server alloc/request | GC gen0 / gen1 / gen2 | GC pause total |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        Console.Write(latency);
        Console.WriteLine();
        Console.WriteLine("| nodes | placed volumes | RSS after run | peak RSS | GC heap after run | GC committed | GCs since start, pause | RSS after forced full GC | GC heap after forced full GC |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.Write(memory);
        Console.WriteLine();
        Console.WriteLine(EventThroughput.Run(sizes[^1], 10_000));
        return 0;
    }

    private static Process Start(int nodes)
    {
        // The same binary; when started as `dotnet OpenLocal.Benchmarks.dll`, the same way.
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(typeof(LoadRun).Assembly.Location);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(nodes.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start the extender process");
    }

    private static async Task<ServerStats> Stats(Process child, string command)
    {
        await child.StandardInput.WriteLineAsync(command);
        await child.StandardInput.FlushAsync();
        var line = await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the extender process exited");
        return ServerStats.Parse(line);
    }

    // Every node of the fixture fits: the answer must name all of them, in request order.
    private static async Task Check(HttpClient client, byte[] body, int nodes)
    {
        using var filter = await Post(client, "predicates", body);
        using var passed = JsonDocument.Parse(await filter.Content.ReadAsStringAsync());
        var names = passed.RootElement.GetProperty("NodeNames");
        if (names.GetArrayLength() != nodes || names[nodes - 1].GetString() != ClusterFixture.NodeName(nodes - 1))
            throw new InvalidOperationException("predicates answered a wrong node list");
        using var scores = await Post(client, "priorities", body);
        using var scored = JsonDocument.Parse(await scores.Content.ReadAsStringAsync());
        if (scored.RootElement.GetArrayLength() != nodes || scored.RootElement[0].GetProperty("Host").GetString() != ClusterFixture.NodeName(0))
            throw new InvalidOperationException("priorities answered a wrong host list");
    }

    private static async Task<double[]> Send(HttpClient client, string verb, byte[] body, int iterations)
    {
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await Post(client, verb, body);
            await response.Content.CopyToAsync(Stream.Null);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return samples;
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string verb, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/scheduler/" + verb, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{verb} returned {(int)response.StatusCode}");
        return response;
    }

    // VmRSS and VmHWM (peak) of the child, in bytes (proc(5)).
    private static (long Rss, long Peak) Rss(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rss = Kib(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                peak = Kib(line);
        }
        return (rss, peak);

        static long Kib(string line) => 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    // utime + stime of the child (proc(5) fields 14 and 15, in clock ticks of 10 ms): all its
    // threads, Kestrel and GC included.
    private static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture) + " MiB";

    internal static string Ms(double[] samples, double quantile)
    {
        var sorted = (double[])samples.Clone();
        Array.Sort(sorted);
        var index = Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index].ToString("F2", CultureInfo.InvariantCulture) + " ms";
    }
}
