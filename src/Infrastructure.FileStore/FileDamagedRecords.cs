using OpenLocal.Application.Ports;

namespace OpenLocal.Infrastructure.FileStore;

/// <summary>The moved-aside record files of both stores under <c>--state-dir</c> (ADR-0049).</summary>
public sealed class FileDamagedRecords(FileVolumeStore volumes, FileSnapshotStore snapshots) : IDamagedRecords
{
    public int Count(RecordKind kind) => kind switch
    {
        RecordKind.Volume => volumes.DamagedCount,
        RecordKind.Snapshot => snapshots.DamagedCount,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown record kind"),
    };
}
