namespace OpenLocal.Vm.Driver.Steps;

/// <summary>One numbered step of the issue-8 scenario; it throws <see cref="ScenarioFailure"/> when the node disagrees.</summary>
internal interface IScenarioStep
{
    int Number { get; }

    string Title { get; }

    Task RunAsync(ScenarioContext context);
}
