using System.CommandLine;

namespace OpenLocal.Cli.Commands;

/// <summary>
/// deploy.md §10: open-local parses flags with pflag's word-separator normalisation, so its manifests may spell
/// <c>--path.sysfs</c> as <c>--path_sysfs</c> or <c>--driver-mode</c> as <c>--driver_mode</c>. A flag the invoked
/// subcommand does not know under the given spelling is renamed to the one it knows whose name differs only in
/// <c>_</c>, <c>-</c> and <c>.</c>; anything else reaches the parser unchanged (and is reported there).
/// </summary>
public static class FlagSpelling
{
    public static string[] Normalise(Command root, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        var subcommand = args.Count > 0 ? root.Subcommands.FirstOrDefault(c => c.Name == args[0] || c.Aliases.Contains(args[0])) : null;
        if (subcommand is null)
            return [.. args];

        var known = subcommand.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        var byCanonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in known)
            byCanonical.TryAdd(Canonical(name), name);

        var normalised = new string[args.Count];
        var afterSeparator = false;
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            afterSeparator |= token == "--";
            normalised[i] = afterSeparator || i == 0 || !token.StartsWith("--", StringComparison.Ordinal) ? token : Respell(token, known, byCanonical);
        }
        return normalised;
    }

    private static string Respell(string token, HashSet<string> known, Dictionary<string, string> byCanonical)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? token : token[..equals];
        if (known.Contains(name) || !byCanonical.TryGetValue(Canonical(name), out var spelling))
            return token;
        return equals < 0 ? spelling : spelling + token[equals..];
    }

    private static string Canonical(string name) => name.Replace('_', '-').Replace('.', '-');
}
