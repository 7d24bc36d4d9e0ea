using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace OpenLocal.Cli.Commands;

/// <summary>
/// klog's flags, which open-local's manifests pass to every component (deploy.md §10): <c>-v</c>/<c>--v</c>
/// sets the log level, the others are accepted and have no effect (we always log to stderr/stdout).
/// </summary>
public sealed class KlogFlags
{
    private readonly Option<int> _verbosity = new("--v", "-v") { Description = "klog verbosity: 0-3 information, 4-5 debug, 6 and more trace.", DefaultValueFactory = _ => 0 };

    // Lists, so that a manifest repeating one (--log-dir and --log_dir) parses as klog's would.
    private readonly Option[] _ignored =
    [
        Ignored("--logtostderr", "klog flag, accepted (logs always go to the console)."),
        Ignored("--alsologtostderr", "klog flag, accepted (logs always go to the console)."),
        Ignored("--log-dir", "klog flag, accepted and ignored."),
        Ignored("--log-file", "klog flag, accepted and ignored."),
        Ignored("--stderrthreshold", "klog flag, accepted and ignored."),
        Ignored("--vmodule", "klog flag, accepted and ignored."),
    ];

    /// <summary>Adds the flags to <paramref name="command"/> and returns this, for <see cref="LogLevel"/>.</summary>
    public static KlogFlags AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var flags = new KlogFlags();
        command.Options.Add(flags._verbosity);
        foreach (var option in flags._ignored)
            command.Options.Add(option);
        return flags;
    }

    private static Option<string[]> Ignored(string name, string description) =>
        new(name) { Description = description, Hidden = true, Arity = ArgumentArity.ZeroOrMore };

    /// <summary>The minimum log level <c>--v</c> asks for (klog levels 4-5 are debug detail, 6+ trace).</summary>
    public LogLevel LogLevel(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return parseResult.GetValue(_verbosity) switch
        {
            >= 6 => Microsoft.Extensions.Logging.LogLevel.Trace,
            >= 4 => Microsoft.Extensions.Logging.LogLevel.Debug,
            _ => Microsoft.Extensions.Logging.LogLevel.Information,
        };
    }
}
