using System.Diagnostics;
using System.Globalization;
using OpenLocal.Vm.Driver.Steps;

namespace OpenLocal.Vm.Driver;

/// <summary>
/// Runs setup, the selected steps and the final cleanup step, printing each step with its timing and
/// outcome and appending one line per step to the results file (name, passed|failed, seconds,
/// message) as soon as it finishes, so a VM that dies mid-run still leaves what it measured.
/// A step that cannot run because setup failed is a failure, never a skip.
/// </summary>
internal sealed class ScenarioRunner(ScenarioContext context, IEnumerable<IScenarioStep> steps, string resultsFile, DateTimeOffset deadline)
{
    /// <summary>What the cleanup step keeps for itself: a hung step is cut this long before the VM's hard timeout.</summary>
    private static readonly TimeSpan CleanupReserve = TimeSpan.FromSeconds(120);

    public async Task<int> RunAsync(IReadOnlySet<int>? selected)
    {
        var ordered = steps.OrderBy(s => s.Number).ToList();
        var last = ordered[^1].Number;
        var failures = 0;
        var setupPassed = false;
        foreach (var step in ordered)
        {
            var isSetup = step.Number == 0;
            var isCleanup = step.Number == last;
            if (!isSetup && !isCleanup && selected is not null && !selected.Contains(step.Number))
                continue;
            var passed = !isSetup && !isCleanup && !setupPassed
                ? Record(step, false, TimeSpan.Zero, "not run: setup failed")
                : await RunStepAsync(step, last, isCleanup);
            setupPassed |= isSetup && passed;
            failures += passed ? 0 : 1;
        }
        Console.WriteLine(failures == 0 ? "SCENARIO PASSED" : $"SCENARIO FAILED: {failures} step(s) failed");
        return failures == 0 ? 0 : 1;
    }

    private async Task<bool> RunStepAsync(IScenarioStep step, int last, bool isCleanup)
    {
        // Slow is not hung: under emulation on a busy machine a step may take minutes, so a step is
        // only cut when the rest of the VM's time is needed for cleanup (or, for cleanup, just before the end).
        var timeout = deadline - DateTimeOffset.UtcNow - (isCleanup ? TimeSpan.FromSeconds(10) : CleanupReserve);
        if (timeout < TimeSpan.FromSeconds(10))
            timeout = TimeSpan.FromSeconds(10);
        Console.WriteLine($"== step {step.Number}/{last} {step.Title}");
        context.BeginStep();
        var clock = Stopwatch.StartNew();
        try
        {
            await step.RunAsync(context).WaitAsync(timeout);
            return Record(step, true, clock.Elapsed, "");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Every failure is reported as this step's failure and the run goes on to the cleanup step.
            Console.WriteLine(ex.ToString());
            var message = ex is TimeoutException
                ? $"did not finish within {timeout.TotalSeconds:F0} s, the time left before the VM's deadline"
                : $"{ex.GetType().Name}: {ex.Message}";
            return Record(step, false, clock.Elapsed, message);
        }
    }

    private bool Record(IScenarioStep step, bool passed, TimeSpan elapsed, string message)
    {
        var seconds = elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine(passed
            ? $"PASS step {step.Number} {step.Title} ({seconds} s)"
            : $"FAIL step {step.Number} {step.Title} ({seconds} s): {message}");
        var flat = message.ReplaceLineEndings(" ").Replace('\t', ' ');
        File.AppendAllText(resultsFile,
            $"step {step.Number}: {step.Title}\t{(passed ? "passed" : "failed")}\t{(int)Math.Ceiling(elapsed.TotalSeconds)}\t{flat}\n");
        return passed;
    }
}
