using Mediator;
using OpenLocal.Application.Pipeline;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Application.Volumes.CreateVolume;

/// <summary>
/// CSI CreateVolume (csi.md §5.1). Topology values are <c>kubernetes.io/hostname</c> values in the
/// order external-provisioner sent them (preferred first, then requisite).
/// </summary>
public sealed record CreateVolumeCommand(
    string Name,
    long RequiredBytes,
    long LimitBytes,
    IReadOnlyList<VolumeCapability> Capabilities,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> PreferredHostnames,
    IReadOnlyList<string> RequisiteHostnames,
    string? SourceSnapshotId = null,
    string? SourceVolumeId = null) : ICommand<CreateVolumeResult>, IVolumeKeyed
{
    public string LockKey => Name;
}

/// <summary>What CSI returns: id, capacity, volume context, the node's hostname topology value.</summary>
public sealed record CreateVolumeResult(LocalVolume Volume, long CapacityBytes, IReadOnlyDictionary<string, string> Context, string Hostname);
