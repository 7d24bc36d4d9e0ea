namespace OpenLocal.Vm.Driver;

/// <summary>A step's expectation about the real node did not hold; the message says what was seen.</summary>
public sealed class ScenarioFailure : Exception
{
    public ScenarioFailure() : this("scenario step failed") { }

    public ScenarioFailure(string message) : base(message) { }

    public ScenarioFailure(string message, Exception inner) : base(message, inner) { }
}
