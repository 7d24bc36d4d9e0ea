using OpenLocal.Fuzz;
using SharpFuzz;

// Usage: OpenLocal.Fuzz <target>            — under afl-fuzz: SharpFuzz's fork server; inputs run in a child process, so one
//                                             that kills the process (stack overflow, a timeout) is a crash, not a lost server
//        OpenLocal.Fuzz <target> <file>...  — replays inputs once each (a crash from findings/, a corpus file)
//        OpenLocal.Fuzz --list              — the target names, one a line (run.sh iterates them)
if (args is ["--list"])
{
    foreach (var name in FuzzTargets.Names)
        Console.WriteLine(name);
    return 0;
}
if (args.Length == 0 || !FuzzTargets.TryGet(args[0], out var target))
{
    Console.Error.WriteLine($"usage: OpenLocal.Fuzz <target> [input-file...] | --list; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}
if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream => target(ReadAll(stream)));
    return 0;
}
return Replay.Files(args[0], target, args[1..]);

static byte[] ReadAll(Stream stream)
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    return buffer.ToArray();
}
