using System.Globalization;
using OpenLocal.Benchmarks;

// Extender benchmark (docs/benchmarks.md). Modes:
//   [sizes...]             load generator: per size, a child process serves the extender and this
//                          process sends the requests (default sizes 100 1000 5000)
//   serve <nodes>          the child: build the fixture, serve on 127.0.0.1:0, answer stats lines
//   breakdown [sizes...]   in-process CPU time per stage (decode, evaluate, encode)
//   events [nodes]         cache event throughput
//   memory [nodes]         live heap of the cache by stage
if (args.Length >= 2 && args[0] == "serve")
    return await ExtenderProcess.Serve(Parse(args[1]));
if (args.Length >= 1 && args[0] == "breakdown")
{
    Console.WriteLine(StageBreakdown.Header);
    foreach (var nodes in Sizes(args[1..]))
        Console.WriteLine(StageBreakdown.Run(nodes));
    return 0;
}
if (args.Length >= 1 && args[0] == "memory")
{
    Console.WriteLine(MemoryProbe.Run(args.Length > 1 ? Parse(args[1]) : 5_000));
    return 0;
}
if (args.Length >= 1 && args[0] == "events")
{
    Console.WriteLine(EventThroughput.Run(args.Length > 1 ? Parse(args[1]) : 5_000, 10_000));
    return 0;
}
return await LoadRun.Run(Sizes(args));

static int Parse(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static int[] Sizes(string[] args) => args.Length > 0 ? Array.ConvertAll(args, Parse) : [100, 1_000, 5_000];
