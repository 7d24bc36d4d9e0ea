namespace OpenLocal.Infrastructure.Lvm.Tests;

/// <summary>Tests that change the machine's lvm2 state run one at a time within this project.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RootCollection
{
    public const string Name = "Root";
}
