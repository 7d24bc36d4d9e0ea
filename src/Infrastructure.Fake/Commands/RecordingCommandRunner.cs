using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.Fake.Commands;

/// <summary>
/// An <see cref="ICommandRunner"/> for unit tests: records every command line and answers with the
/// first scripted response whose predicate matches (later scripts win over earlier ones, so a test
/// can override a default), or with exit code 0 and no output.
/// </summary>
public sealed class RecordingCommandRunner : ICommandRunner
{
    private readonly Lock _gate = new();
    private readonly List<CommandLine> _calls = [];
    private readonly List<(Func<CommandLine, bool> Matches, Func<CommandLine, CommandResult> Respond)> _scripts = [];

    public IReadOnlyList<CommandLine> Calls
    {
        get
        {
            lock (_gate)
                return [.. _calls];
        }
    }

    /// <summary>Each call as one string "file arg1 arg2 ..." for compact assertions.</summary>
    public IReadOnlyList<string> CallTexts => [.. Calls.Select(c => c.ToString())];

    public RecordingCommandRunner On(Func<CommandLine, bool> matches, Func<CommandLine, CommandResult> respond)
    {
        lock (_gate)
            _scripts.Add((matches, respond));
        return this;
    }

    /// <summary>Answers calls of <paramref name="fileName"/> whose arguments start with <paramref name="leadingArguments"/>.</summary>
    public RecordingCommandRunner On(string fileName, IReadOnlyList<string> leadingArguments, int exitCode = 0, string stdout = "", string stderr = "") =>
        On(c => c.FileName == fileName && c.Arguments.Take(leadingArguments.Count).SequenceEqual(leadingArguments),
            _ => new CommandResult(exitCode, stdout, stderr, TimeSpan.Zero));

    public RecordingCommandRunner On(string fileName, int exitCode = 0, string stdout = "", string stderr = "") =>
        On(fileName, [], exitCode, stdout, stderr);

    public Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _calls.Add(command);
            for (var i = _scripts.Count - 1; i >= 0; i--)
            {
                if (_scripts[i].Matches(command))
                    return Task.FromResult(_scripts[i].Respond(command));
            }
        }
        return Task.FromResult(new CommandResult(0, string.Empty, string.Empty, TimeSpan.Zero));
    }
}
