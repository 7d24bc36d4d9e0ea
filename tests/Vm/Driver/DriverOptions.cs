using System.Globalization;

namespace OpenLocal.Vm.Driver;

/// <summary>
/// Command line of the driver: <c>--results FILE --work DIR --deadline UNIX-SECONDS [--steps 1,4] [--verbose]</c>;
/// the deadline is when run.sh kills the VM (the guest's clock is the host's).
/// </summary>
internal sealed record DriverOptions(string ResultsFile, string WorkDirectory, DateTimeOffset Deadline, IReadOnlySet<int>? Steps, bool Verbose)
{
    public static DriverOptions Parse(IReadOnlyList<string> args)
    {
        string? results = null, work = null;
        DateTimeOffset? deadline = null;
        HashSet<int>? steps = null;
        var verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--results" when i + 1 < args.Count:
                    results = args[++i];
                    break;
                case "--work" when i + 1 < args.Count:
                    work = args[++i];
                    break;
                case "--deadline" when i + 1 < args.Count:
                    deadline = DateTimeOffset.FromUnixTimeSeconds(long.Parse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture));
                    break;
                case "--steps" when i + 1 < args.Count:
                    steps = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)
                        .Select(s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).ToHashSet();
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                default:
                    throw new ArgumentException($"unknown or incomplete argument {args[i]}; usage: --results FILE --work DIR --deadline UNIX-SECONDS [--steps 1,4] [--verbose]");
            }
        }
        return new DriverOptions(
            results ?? throw new ArgumentException("--results FILE is required"),
            work ?? throw new ArgumentException("--work DIR is required"),
            deadline ?? throw new ArgumentException("--deadline UNIX-SECONDS is required"),
            steps,
            verbose);
    }
}
