namespace OpenLocal.Infrastructure.Device.Tests;

/// <summary>Tests that change the machine's loop devices, mounts and cgroups run one at a time within this project.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RootCollection
{
    public const string Name = "Root";
}
