using OpenLocal.Application.Ports;
using OpenLocal.Domain.Discovery;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Application.Agent.InitializeNodeStorage;

/// <summary>
/// Mount-point initialisation (node-agent.md §4.2): create the directory, and unless something is
/// already mounted there, probe the device — format it only when blank, mount it when it holds the
/// wanted filesystem, refuse anything else (open-local re-ran mkfs: known-defects G9).
/// </summary>
public sealed class MountPointInitializer(
    IMounts mounts,
    IFilesystems filesystems,
    IEventRecorder events,
    AgentSettings settings)
{
    public async Task<(bool Changed, int Failures)> InitializeAsync(EventSubject subject, ValueArray<MountPointToInit> wanted, CancellationToken cancellationToken)
    {
        var changed = false;
        var failures = 0;
        foreach (var mp in wanted)
        {
            if (!IsDirectChildOfMountRoot(mp.Path))
            {
                await events.RecordAsync(subject, EventSeverity.Warning, "InitMountPointOutsideMountPath",
                    $"mount point {mp.Path} is not a direct child of {settings.MountRoot}; it is initialised but not reported or scheduled", cancellationToken);
            }
            var fsType = mp.EffectiveFsType;
            try
            {
                if (await mounts.FindAsync(mp.Path, cancellationToken) is not null)
                    continue;
                await mounts.PrepareTargetAsync(mp.Path, TargetKind.Directory, cancellationToken);
                var signature = await filesystems.ProbeAsync(mp.Device, cancellationToken);
                if (signature is null)
                {
                    await filesystems.FormatAsync(mp.Device, fsType, [], cancellationToken);
                }
                else if (signature != fsType)
                {
                    await events.RecordAsync(subject, EventSeverity.Warning, "InitMountPointFailed",
                        $"device {mp.Device} already contains {signature}; refusing to format it as {fsType} for {mp.Path}", cancellationToken);
                    failures++;
                    continue;
                }
                await mounts.MountAsync(mp.Device, mp.Path, fsType, [.. mp.Options], cancellationToken);
                changed = true;
            }
            catch (StorageException ex)
            {
                var options = mp.Options.IsEmpty ? string.Empty : $" -o {string.Join(',', mp.Options)}";
                await events.RecordAsync(subject, EventSeverity.Warning, "InitMountPointFailed",
                    $"init mount point {mp.Path} from {mp.Device} failed: {ex.Message}. you can try command \"mount -t {fsType}{options} {mp.Device} {mp.Path}\" manually on this node", cancellationToken);
                failures++;
            }
        }
        return (changed, failures);
    }

    private bool IsDirectChildOfMountRoot(string path)
    {
        var root = settings.MountRoot.TrimEnd('/');
        var trimmed = path.TrimEnd('/');
        return trimmed.StartsWith(root + "/", StringComparison.Ordinal) && trimmed.IndexOf('/', root.Length + 1) < 0;
    }
}
