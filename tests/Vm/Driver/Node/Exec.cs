using System.Diagnostics;

namespace OpenLocal.Vm.Driver.Node;

/// <summary>Output of a command the scenario ran itself (to set up fixtures or to look at the node).</summary>
internal sealed record ExecResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs the commands the scenario uses to prepare and inspect the node independently of the adapters
/// under test (argv only, no shell). A failing command is a scenario failure naming the command.
/// </summary>
internal static class Exec
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<string> RunAsync(string fileName, params string[] arguments)
    {
        var result = await TryRunAsync(fileName, arguments);
        if (result.ExitCode != 0)
            throw new ScenarioFailure($"{Describe(fileName, arguments)} exited {result.ExitCode}: {result.StandardError.Trim()}");
        return result.StandardOutput;
    }

    public static async Task<ExecResult> TryRunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["LC_ALL"] = "C";
        info.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        using var process = Process.Start(info) ?? throw new ScenarioFailure($"cannot start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new ScenarioFailure($"{Describe(fileName, arguments)} did not finish within {Timeout.TotalSeconds:F0} s");
        }
        return new ExecResult(process.ExitCode, await stdout, await stderr);
    }

    private static string Describe(string fileName, string[] arguments) => string.Join(' ', [fileName, .. arguments]);
}
