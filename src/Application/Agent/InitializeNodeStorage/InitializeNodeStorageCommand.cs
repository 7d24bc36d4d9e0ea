using FluentValidation;
using Mediator;
using OpenLocal.Application.Ports;

namespace OpenLocal.Application.Agent.InitializeNodeStorage;

/// <summary>What an initialisation pass did: whether it changed the node and how many steps failed.</summary>
public sealed record InitializeOutcome(bool Found, bool Changed, int Failures)
{
    public static InitializeOutcome NotFound { get; } = new(false, false, 0);
}

/// <summary>
/// Creates the VGs and mount points <c>spec.resourceToBeInited</c> asks for (node-agent.md §4).
/// Every step is idempotent; refusals and failures become Warning events carrying the command to
/// run by hand, and the host retries failed passes with back-off.
/// </summary>
public sealed record InitializeNodeStorageCommand(string NodeName) : ICommand<InitializeOutcome>;

public sealed class InitializeNodeStorageValidator : AbstractValidator<InitializeNodeStorageCommand>
{
    public InitializeNodeStorageValidator() => RuleFor(c => c.NodeName).NotEmpty();
}

public sealed class InitializeNodeStorageHandler(
    INodeLocalStorages storages,
    VolumeGroupInitializer volumeGroups,
    MountPointInitializer mountPoints) : ICommandHandler<InitializeNodeStorageCommand, InitializeOutcome>
{
    public async ValueTask<InitializeOutcome> Handle(InitializeNodeStorageCommand command, CancellationToken cancellationToken)
    {
        var nls = await storages.FindAsync(command.NodeName, cancellationToken);
        if (nls is null)
            return InitializeOutcome.NotFound;
        // SPDK nodes are reported, never initialised (crds.md §1.2).
        if (nls.Spec.Blocks.SpdkConfig.IsSpdkNode)
            return new InitializeOutcome(true, false, 0);
        var subject = EventSubject.NodeLocalStorage(nls.Name, nls.Uid);
        var toInit = nls.Spec.Blocks.ResourceToBeInited;
        var (vgChanged, vgFailures) = await volumeGroups.InitializeAsync(subject, toInit.VolumeGroups, cancellationToken);
        var (mpChanged, mpFailures) = await mountPoints.InitializeAsync(subject, toInit.MountPoints, cancellationToken);
        return new InitializeOutcome(true, vgChanged || mpChanged, vgFailures + mpFailures);
    }
}
