using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;
using OpenLocal.Infrastructure.Commands;

namespace OpenLocal.Infrastructure.Commands.Tests;

public sealed class ProcessCommandRunnerTests
{
    private readonly CapturingLogger _log = new();

    private ProcessCommandRunner Runner(params string[] prefix) =>
        new(new ProcessCommandRunnerOptions { HostNamespacePrefix = prefix }, _log);

    [Fact]
    public async Task Captures_stdout_stderr_and_exit_code_separately()
    {
        var result = await Runner().RunAsync(CommandLine.Of("ls", "/proc/self/status", "/no/such/path"), CancellationToken.None);

        Assert.Equal(2, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("/proc/self/status\n", result.StandardOutput);
        Assert.Contains("/no/such/path", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("/no/such/path", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passes_arguments_verbatim_without_a_shell()
    {
        var result = await Runner().RunAsync(CommandLine.Of("printf", "%s|", "a b", "$HOME", "*", "x;y"), CancellationToken.None);

        Assert.Equal("a b|$HOME|*|x;y|", result.StandardOutput);
    }

    [Fact]
    public async Task Runs_with_the_C_locale_so_tool_messages_are_parseable()
    {
        var result = await Runner().RunAsync(CommandLine.Of("printenv", "LC_ALL"), CancellationToken.None);

        Assert.Equal("C\n", result.StandardOutput);
    }

    [Fact]
    public async Task Reads_large_outputs_on_both_streams_without_deadlocking()
    {
        // 600k lines (~4 MB) on stdout overflow any pipe buffer: the runner must drain while waiting.
        var result = await Runner().RunAsync(CommandLine.Of("seq", "1", "600000"), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.EndsWith("\n600000\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closes_stdin_so_a_command_waiting_for_input_ends()
    {
        var result = await Runner().RunAsync(new CommandLine("cat", [], TimeSpan.FromSeconds(20)), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public async Task Prepends_the_host_namespace_prefix()
    {
        // `env NAME=value cmd` stands in for `nsenter --mount=... -- cmd`: both exec the command after their own argv.
        var result = await Runner("env", "OPENLOCAL_PREFIX_SEEN=yes").RunAsync(CommandLine.Of("printenv", "OPENLOCAL_PREFIX_SEEN"), CancellationToken.None);

        Assert.Equal("yes\n", result.StandardOutput);
    }

    [Fact]
    public async Task Timeout_kills_the_whole_process_tree_and_reports_deadline_exceeded()
    {
        var marker = UniqueSleepSeconds();
        var command = new CommandLine("timeout", ["300", "sleep", marker], TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<StorageException>(() => Runner().RunAsync(command, CancellationToken.None));

        Assert.Equal(FailureKind.DeadlineExceeded, error.Kind);
        await AssertNoProcessWithArgumentAsync(marker);
    }

    [Fact]
    public async Task Cancellation_kills_the_child_and_throws_operation_cancelled()
    {
        var marker = UniqueSleepSeconds();
        using var cancellation = new CancellationTokenSource();
        var run = Runner().RunAsync(new CommandLine("timeout", ["300", "sleep", marker], TimeSpan.FromMinutes(5)), cancellation.Token);

        // Cancel once the grandchild runs (not after a fixed delay, which a slow machine may spend before timeout
        // forks it): only then is there a whole tree to take down.
        await WaitForProcessAsync("sleep", marker);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await AssertNoProcessWithArgumentAsync(marker);
    }

    [Fact]
    public async Task Missing_program_is_a_failed_precondition_naming_it()
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => Runner().RunAsync(CommandLine.Of("openlocal-no-such-tool"), CancellationToken.None));

        Assert.Equal(FailureKind.FailedPrecondition, error.Kind);
        Assert.Contains("openlocal-no-such-tool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_one_line_per_call_with_the_command_and_duration()
    {
        await Runner().RunAsync(CommandLine.Of("true"), CancellationToken.None);
        await Runner().RunAsync(CommandLine.Of("false"), CancellationToken.None);

        Assert.Equal(2, _log.Lines.Count);
        Assert.Matches(@"^true exited 0 in \d+ ms$", _log.Lines[0]);
        Assert.Matches(@"^false exited 1 in \d+ ms$", _log.Lines[1]);
    }

    [Fact]
    public void Registration_resolves_the_runner_with_its_options()
    {
        var options = new ProcessCommandRunnerOptions { HostNamespacePrefix = ProcessCommandRunnerOptions.NsenterHostMount };
        using var provider = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddProcessCommandRunner(options)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<ProcessCommandRunner>(provider.GetRequiredService<ICommandRunner>());
        Assert.Same(options, provider.GetRequiredService<ProcessCommandRunnerOptions>());
    }

    // A sleep length no other process on the machine uses, so the test can look for survivors by argv.
    private static string UniqueSleepSeconds() =>
        "299." + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    private static async Task AssertNoProcessWithArgumentAsync(string argument)
    {
        // Polling with a deadline: the kernel reaps killed processes asynchronously.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ProcessesWithArgument(argument).Count > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Empty(ProcessesWithArgument(argument));
    }

    private static async Task WaitForProcessAsync(string program, string argument)
    {
        // Polling with a deadline: an external process starts when the kernel gets to it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!ProcessesWithArgument(argument).Any(dir => ReadArgv(dir) is [var first, ..] && Path.GetFileName(first) == program))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {program} {argument} process appeared");
            await Task.Delay(20);
        }
    }

    private static string[] ReadArgv(string processDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(processDirectory, "cmdline")).Split('\0');
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static List<string> ProcessesWithArgument(string argument)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (argv.Contains(argument))
                    found.Add(dir);
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }
        return found;
    }

    private sealed class CapturingLogger : ILogger<ProcessCommandRunner>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
                Lines.Add(formatter(state, exception));
        }
    }
}
