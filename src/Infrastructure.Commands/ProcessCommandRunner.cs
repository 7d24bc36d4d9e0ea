using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Commands;

/// <summary>
/// Runs a command from its argv (no shell, DESIGN decision 5) with <c>LC_ALL=C</c> so that tool
/// messages are parseable, stdin closed so that a prompting tool fails instead of hanging, stdout and
/// stderr drained concurrently to the end before the exit is awaited, and the whole process tree
/// killed on timeout or cancellation. One log line per call.
/// </summary>
public sealed class ProcessCommandRunner(ProcessCommandRunnerOptions options, ILogger<ProcessCommandRunner> logger) : ICommandRunner
{
    public async Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var process = new Process { StartInfo = StartInfoFor(command) };
        var started = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw StorageException.FailedPrecondition($"cannot run {process.StartInfo.FileName} for {command.FileName}: {ex.Message}; install it on the node (in the host namespace when a prefix is configured)");
        }
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(command.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // Readers use CancellationToken.None: once the child is killed its pipes close and the reads end,
        // so the output captured so far is never lost and no read is left running after we return.
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            // Output first, then the exit (STYLE.md §7): a child blocked on a full pipe never exits.
            await Task.WhenAll(stdout, stderr).WaitAsync(linked.Token);
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var partialError = await stderr;
            await stdout;
            logger.LogWarning("{Command} killed after {ElapsedMs:F0} ms ({Reason})", command, elapsed.TotalMilliseconds, cancellationToken.IsCancellationRequested ? "cancelled" : "timeout");
            cancellationToken.ThrowIfCancellationRequested();
            throw new StorageException(FailureKind.DeadlineExceeded, $"{command} did not finish within {command.Timeout.TotalSeconds:F0} s and was killed; stderr: {partialError.Trim()}");
        }

        var result = new CommandResult(process.ExitCode, await stdout, await stderr, Stopwatch.GetElapsedTime(started));
        logger.Log(result.Succeeded ? LogLevel.Debug : LogLevel.Information,
            "{Command} exited {ExitCode} in {ElapsedMs:F0} ms", command, result.ExitCode, result.Duration.TotalMilliseconds);
        return result;
    }

    private ProcessStartInfo StartInfoFor(CommandLine command)
    {
        var prefix = options.HostNamespacePrefix;
        var info = new ProcessStartInfo(prefix.Count > 0 ? prefix[0] : command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        for (var i = 1; i < prefix.Count; i++)
            info.ArgumentList.Add(prefix[i]);
        if (prefix.Count > 0)
            info.ArgumentList.Add(command.FileName);
        foreach (var argument in command.Arguments)
            info.ArgumentList.Add(argument);
        info.Environment["LC_ALL"] = "C";
        // lvm2 warns about every inherited descriptor; those warnings would pollute stderr-based error mapping.
        info.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        return info;
    }

    private void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the cancellation and the kill.
        }
        catch (Win32Exception ex)
        {
            logger.LogWarning("could not kill {Pid}: {Error}", process.Id, ex.Message);
        }
    }
}
