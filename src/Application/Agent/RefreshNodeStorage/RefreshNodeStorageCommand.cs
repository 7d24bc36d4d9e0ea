using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Application.Agent.RefreshNodeStorage;

/// <summary>What one discovery cycle did.</summary>
public enum RefreshOutcome
{
    /// <summary>The controller has not created this node's NLS yet; nothing to write.</summary>
    NoNodeStorage,
    Unchanged,
    Written,
}

/// <summary>
/// One discovery cycle of the agent (node-agent.md §5): discover, compute the status, and write it
/// only when something changed or the heartbeat is due, so <c>AgentUpdateAt</c> proves liveness.
/// </summary>
public sealed record RefreshNodeStorageCommand(string NodeName) : ICommand<RefreshOutcome>;

public sealed class RefreshNodeStorageValidator : AbstractValidator<RefreshNodeStorageCommand>
{
    public RefreshNodeStorageValidator() => RuleFor(c => c.NodeName).NotEmpty();
}

public sealed class RefreshNodeStorageHandler(
    INodeLocalStorages storages,
    NodeStorageDiscovery discovery,
    IEventRecorder events,
    AgentSettings settings,
    TimeProvider clock,
    ILogger<RefreshNodeStorageHandler> logger) : ICommandHandler<RefreshNodeStorageCommand, RefreshOutcome>
{
    private const int MaxConflictRetries = 5;

    public async ValueTask<RefreshOutcome> Handle(RefreshNodeStorageCommand command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var nls = await storages.FindAsync(command.NodeName, cancellationToken);
            if (nls is null)
                return RefreshOutcome.NoNodeStorage;
            var result = await discovery.DiscoverAsync(nls, cancellationToken);
            var subject = EventSubject.NodeLocalStorage(nls.Name, nls.Uid);
            foreach (var warning in result.Warnings)
                await events.RecordAsync(subject, EventSeverity.Warning, warning.Reason, warning.Message, cancellationToken);
            if (!result.Status.DiffersFrom(nls.Status) && !HeartbeatDue(nls.Status))
                return RefreshOutcome.Unchanged;
            try
            {
                await storages.UpdateStatusAsync(nls.Name, nls.ResourceVersion, result.Status, cancellationToken);
                return RefreshOutcome.Written;
            }
            catch (StorageException ex) when (ex.Kind == FailureKind.OperationInProgress && attempt < MaxConflictRetries)
            {
                // 409: someone else wrote the NLS in between; re-read and recompute (node-agent.md §5 step 5).
                logger.LogDebug("status write of NodeLocalStorage {Node} conflicted; retrying", nls.Name);
            }
        }
    }

    private bool HeartbeatDue(NodeStorageStatus? current)
    {
        var last = current?.Info.State?.LastHeartbeatTime;
        return last is null || clock.GetUtcNow() - last.Value >= settings.HeartbeatInterval;
    }
}
