namespace OpenLocal.Application.Ports;

/// <summary>
/// Records that could not be read and were moved aside (ADR-0049). Each may still stand for a
/// volume or snapshot holding data, so the count is exposed for an operator to alert on until they
/// act (issue 19 item 4). Only the standalone record store has such records.
/// </summary>
public interface IDamagedRecords
{
    /// <summary>How many records of <paramref name="kind"/> are moved aside now; cheap enough for every scrape.</summary>
    int Count(RecordKind kind);
}
