using Mediator;
using OpenLocal.Application.Ports;

namespace OpenLocal.Application.Controller.ResyncInitConfig;

/// <summary>
/// The NLSC changed (or a periodic resync is due): every node, and every NLS whose node may be
/// gone, must be synced. Returns those names for the host's work queue and records the Normal
/// event <c>Synced</c> on the NLSC (crds.md §3 triggers).
/// </summary>
public sealed record ResyncInitConfigCommand(bool AnnounceSynced) : ICommand<IReadOnlyList<string>>;

public sealed class ResyncInitConfigHandler(
    INodeStorageInitConfigs initConfigs,
    IClusterNodes nodes,
    INodeLocalStorages storages,
    IEventRecorder events,
    ControllerSettings settings) : ICommandHandler<ResyncInitConfigCommand, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(ResyncInitConfigCommand command, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in await nodes.ListAsync(cancellationToken))
            names.Add(node.Name);
        foreach (var name in await storages.ListNamesAsync(cancellationToken))
            names.Add(name);
        if (command.AnnounceSynced)
        {
            var config = await initConfigs.FindAsync(settings.InitConfigName, cancellationToken);
            if (config is not null)
                await events.RecordAsync(EventSubject.InitConfig(config.Name, config.Uid), EventSeverity.Normal, "Synced", "NLSC synced successfully", cancellationToken);
        }
        return [.. names];
    }
}
