using Mediator;
using OpenLocal.Application.Pipeline;
using OpenLocal.Domain.Snapshots;

namespace OpenLocal.Application.Snapshots.CreateSnapshot;

/// <summary>CSI CreateSnapshot (csi.md §8); parameters are the VolumeSnapshotClass parameters.</summary>
public sealed record CreateSnapshotCommand(string Name, string SourceVolumeId, IReadOnlyDictionary<string, string> Parameters, bool HasSecrets)
    : ICommand<Snapshot>, IVolumeKeyed
{
    public string LockKey => Name;
}
