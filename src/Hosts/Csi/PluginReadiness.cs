using Microsoft.Extensions.Logging;
using OpenLocal.Application.Ports;

namespace OpenLocal.Hosts.Csi;

/// <summary>A cheap call that succeeds once the storage backend answers (csi.md §9 Probe).</summary>
public interface IBackendProbe
{
    Task CheckAsync(CancellationToken cancellationToken);
}

/// <summary>The backend answers when it can list the node storage inventory.</summary>
public sealed class StorageInventoryProbe(IStorageInventory inventory) : IBackendProbe
{
    public Task CheckAsync(CancellationToken cancellationToken) => inventory.ListNodesAsync(cancellationToken);
}

/// <summary>
/// Probe readiness: false until the backend has answered once, then true for the process lifetime
/// (a later backend failure surfaces as RPC errors, not as a restart-inducing probe failure).
/// </summary>
public sealed class PluginReadiness(IBackendProbe probe, ILogger<PluginReadiness> logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private volatile bool _ready;

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
            return true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe.CheckAsync(timeout.Token);
            _ready = true;
            logger.LogInformation("storage backend answered; plugin is ready");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("storage backend not ready yet: {Error}", ex.Message);
        }
        return _ready;
    }
}
