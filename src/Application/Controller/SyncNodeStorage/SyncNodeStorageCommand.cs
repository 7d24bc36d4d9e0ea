using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Application.Controller.SyncNodeStorage;

/// <summary>What one sync of a node did.</summary>
public enum NodeStorageSyncOutcome
{
    Created,
    Updated,
    Unchanged,
    PreservedManualEdit,
    Deleted,
    NoInitConfig,
    NodeNameTooLong,
}

/// <summary>
/// Brings the NLS of one node in line with the NLSC (crds.md §3): create it, replace a changed
/// spec (unless manual edits are preserved), delete it when the node is gone. Idempotent; the
/// host calls it for every watch event and resync of that node.
/// </summary>
public sealed record SyncNodeStorageCommand(string NodeName) : ICommand<NodeStorageSyncOutcome>;

public sealed class SyncNodeStorageValidator : AbstractValidator<SyncNodeStorageCommand>
{
    public SyncNodeStorageValidator() => RuleFor(c => c.NodeName).NotEmpty();
}

public sealed class SyncNodeStorageHandler(
    INodeStorageInitConfigs initConfigs,
    IClusterNodes nodes,
    INodeLocalStorages storages,
    IEventRecorder events,
    ControllerSettings settings,
    ILogger<SyncNodeStorageHandler> logger) : ICommandHandler<SyncNodeStorageCommand, NodeStorageSyncOutcome>
{
    public async ValueTask<NodeStorageSyncOutcome> Handle(SyncNodeStorageCommand command, CancellationToken cancellationToken)
    {
        var node = await nodes.FindAsync(command.NodeName, cancellationToken);
        if (node is null)
        {
            // The node is gone: its NLS goes too (garbage collection, crds.md §3 triggers).
            await storages.DeleteIfExistsAsync(command.NodeName, cancellationToken);
            return NodeStorageSyncOutcome.Deleted;
        }
        var config = await initConfigs.FindAsync(settings.InitConfigName, cancellationToken);
        if (config is null)
        {
            logger.LogWarning("NodeLocalStorageInitConfig {Name} does not exist; NLS of node {Node} left as is", settings.InitConfigName, node.Name);
            return NodeStorageSyncOutcome.NoInitConfig;
        }
        var subject = EventSubject.InitConfig(config.Name, config.Uid);
        if (node.Name.Length > NodeStorageSpec.MaxNodeNameLength)
        {
            await events.RecordAsync(subject, EventSeverity.Warning, "NodeNameTooLong",
                $"node {node.Name} has a name longer than {NodeStorageSpec.MaxNodeNameLength} characters; the NodeLocalStorage schema cannot hold it, so the node gets no local storage", cancellationToken);
            return NodeStorageSyncOutcome.NodeNameTooLong;
        }
        var desired = config.Config.DesiredSpecFor(node.Name, node.Labels);
        try
        {
            return await ApplyAsync(node, desired, cancellationToken);
        }
        catch (StorageException ex) when (ex.Kind is not FailureKind.OperationInProgress)
        {
            await events.RecordAsync(subject, EventSeverity.Warning, "SyncFailed", $"sync NodeLocalStorage {node.Name} failed: {ex.Message}", cancellationToken);
            throw;
        }
    }

    private async Task<NodeStorageSyncOutcome> ApplyAsync(ClusterNode node, NodeStorageSpec desired, CancellationToken cancellationToken)
    {
        var current = await storages.FindAsync(node.Name, cancellationToken);
        if (current is null)
        {
            await storages.CreateAsync(desired, new StorageNodeOwner(node.Name, node.Uid), cancellationToken);
            logger.LogInformation("created NodeLocalStorage {Node}", node.Name);
            return NodeStorageSyncOutcome.Created;
        }
        if (current.Spec == desired)
            return NodeStorageSyncOutcome.Unchanged;
        if (settings.PreserveManualEdits)
            return NodeStorageSyncOutcome.PreservedManualEdit;
        await storages.ReplaceSpecAsync(node.Name, desired, cancellationToken);
        logger.LogInformation("updated the spec of NodeLocalStorage {Node}", node.Name);
        return NodeStorageSyncOutcome.Updated;
    }
}
