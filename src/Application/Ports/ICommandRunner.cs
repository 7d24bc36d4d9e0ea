namespace OpenLocal.Application.Ports;

/// <summary>An external command as an argv array: never a shell string (DESIGN decision 5).</summary>
public sealed record CommandLine(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static CommandLine Of(string fileName, params string[] arguments) => new(fileName, arguments, DefaultTimeout);

    public override string ToString() => Arguments.Count == 0 ? FileName : FileName + " " + string.Join(' ', Arguments);
}

/// <summary>What a finished command produced; stdout and stderr are captured separately.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs external commands (lvm2, mkfs, mount, ...) with a timeout; cancellation or timeout kills the
/// child. A non-zero exit code is a result, not an exception: adapters decide what it means.
/// </summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken);
}
