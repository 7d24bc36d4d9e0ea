using System.CommandLine;
using OpenLocal.Cli.Commands;

namespace OpenLocal.Deploy.Tests;

/// <summary>Parses an argv exactly as `openlocal` does (src/Hosts/Cli) and lists what it did not accept.</summary>
internal static class CliArgs
{
    /// <summary>
    /// Parse errors plus unmatched tokens: `csi` lets unmatched tokens through the parser (it inspects them itself for
    /// open-local's --konnectivity-* family), so an unknown flag shows up there rather than as an error.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<string> args)
    {
        var result = OpenLocalCommand.Parse(args);
        return result.Errors.Select(e => e.Message)
            .Concat(result.UnmatchedTokens.Select(t => $"not accepted: {t}"))
            .ToList();
    }
}
