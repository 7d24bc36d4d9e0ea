using System.CommandLine;
using System.Reflection;

namespace OpenLocal.Cli.Commands;

/// <summary><c>openlocal version</c>: the build's version, also served by CSI GetPluginInfo and the extender.</summary>
public static class VersionCommand
{
    public static string Current { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static Command Create()
    {
        var command = new Command("version", "Print the OpenLocal version.");
        command.SetAction(parseResult => parseResult.InvocationConfiguration.Output.WriteLine($"openlocal {Current}"));
        return command;
    }
}
