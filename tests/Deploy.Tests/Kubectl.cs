using System.Diagnostics;

namespace OpenLocal.Deploy.Tests;

/// <summary>The machine's kubectl (testing.md: v1.32 with kustomize v5), run from an argv array with a deadline.</summary>
internal static class Kubectl
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>`kubectl kustomize` of a directory under deploy/kubernetes (relative to it).</summary>
    public static Task<string> KustomizeAsync(string target) =>
        RunAsync(["kustomize", RepositoryRoot.Deploy("kubernetes", target)]);

    public static async Task<string> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', start.ArgumentList)} did not finish in {Deadline}");
        }
        var output = await stdout;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"kubectl {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {await stderr}");
        return output;
    }
}
