using System.Collections.Concurrent;
using System.Diagnostics;

namespace OpenLocal.Cluster.Tests;

/// <summary>
/// One <c>openlocal</c> subcommand as its own OS process (<c>dotnet openlocal.dll ...</c>), its output kept for
/// failure messages. <see cref="WaitForOutputAsync"/> waits on the output itself, not on a timer. Disposing kills
/// the whole process tree, so no test leaves a process behind.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];
    private readonly Lock _sync = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "openlocal.dll"));
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment.Remove("KUBERNETES_SERVICE_HOST");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Received(e.Data);
        process.ErrorDataReceived += (_, e) => child.Received(e.Data);
        process.Exited += (_, _) => child.Received($"[{name} exited]");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Everything the process printed so far, for assertion messages.</summary>
    public string Output => string.Join('\n', _output);

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            if (_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
                return;
            _waiters.Add((line => line.Contains(text, StringComparison.Ordinal), seen));
        }
        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not print \"{text}\" within {timeout}; it printed:\n{Output}");
        }
    }

    private void Received(string? line)
    {
        if (line is null)
            return;
        lock (_sync)
        {
            _output.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
            if (line.StartsWith($"[{Name} exited]", StringComparison.Ordinal))
            {
                foreach (var waiter in _waiters)
                    waiter.Seen.TrySetException(new InvalidOperationException($"{Name} exited; it printed:\n{Output}"));
                _waiters.Clear();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }
}
