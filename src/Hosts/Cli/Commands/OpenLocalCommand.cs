using System.CommandLine;

namespace OpenLocal.Cli.Commands;

/// <summary>The root command; every component adds its subcommand here.</summary>
public static class OpenLocalCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "OpenLocal: local-storage management for Kubernetes (LVM pools, exclusive devices, mount points), " +
            "a drop-in replacement for alibaba/open-local.");
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(ControllerCommand.Create());
        root.Subcommands.Add(AgentCommand.Create());
        root.Subcommands.Add(ApiServerCommand.Create());
        root.Subcommands.Add(CsiCommand.Create());
        root.Subcommands.Add(ExtenderCommand.Create());
        return root;
    }

    /// <summary>Parses a command line as <c>openlocal</c> does, open-local's flag spellings included (deploy.md §10).</summary>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var root = Create();
        return root.Parse(FlagSpelling.Normalise(root, args));
    }
}
