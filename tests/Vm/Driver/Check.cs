using OpenLocal.Domain.Failures;

namespace OpenLocal.Vm.Driver;

/// <summary>Expectations of the scenario; each failure says what was expected and what the node showed.</summary>
internal static class Check
{
    public static void That(bool condition, string expectation)
    {
        if (!condition)
            throw new ScenarioFailure(expectation);
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new ScenarioFailure($"{what}: expected {expected}, got {actual}");
    }

    public static void AtLeast(long minimum, long actual, string what)
    {
        if (actual < minimum)
            throw new ScenarioFailure($"{what}: expected at least {minimum}, got {actual}");
    }

    public static void Within(double expected, double tolerance, double actual, string what)
    {
        if (Math.Abs(actual - expected) > expected * tolerance)
            throw new ScenarioFailure($"{what}: expected {expected:F0} ± {tolerance:P0}, measured {actual:F0}");
    }

    /// <summary>The use case must fail with this kind (a typed outcome, not a crash or a silent success).</summary>
    public static async Task<StorageException> FailsWithAsync(FailureKind kind, Func<Task> action, string what)
    {
        try
        {
            await action();
        }
        catch (StorageException ex) when (ex.Kind == kind)
        {
            return ex;
        }
        catch (StorageException ex)
        {
            throw new ScenarioFailure($"{what}: expected {kind}, got {ex.Kind}: {ex.Message}", ex);
        }
        throw new ScenarioFailure($"{what}: expected {kind}, but it succeeded");
    }
}
