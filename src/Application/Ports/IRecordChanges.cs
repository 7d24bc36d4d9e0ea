namespace OpenLocal.Application.Ports;

/// <summary>Which kind of record changed.</summary>
public enum RecordKind
{
    Volume,
    Snapshot,
}

/// <summary>One change of a volume or snapshot record, reduced to what a work queue keys on (the handler re-reads it).</summary>
public readonly record struct RecordChange(RecordKind Kind, string Id);

/// <summary>
/// The changes of the volume and snapshot records this process sees (a node plugin: the records of
/// its node, crds.md §5 "reconcile"). The stream starts with one change per existing record, then
/// reports every added, modified or deleted record, and periodically every record again (a resync),
/// so a level-triggered reconciler converges even after a lost update. It ends only on cancellation.
/// </summary>
public interface IRecordChanges
{
    IAsyncEnumerable<RecordChange> WatchAsync(CancellationToken cancellationToken);
}
