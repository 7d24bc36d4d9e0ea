using System.Collections.Immutable;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Domain.Pools;

/// <summary>
/// A shared LVM volume group as a capacity pool. <see cref="AllocatableBytes"/> is what the agent
/// says OpenLocal may hand out (total minus foreign LVs minus the reservation); allocations are the
/// ledger. Immutable, so a snapshot can be read while the writer builds the next one.
/// Invariant: sum(allocations) &lt;= allocatable.
/// </summary>
public sealed record VolumeGroupPool
{
    public VolumeGroupPool(string name, long totalBytes, long allocatableBytes)
    {
        if (string.IsNullOrEmpty(name))
            throw StorageException.InvalidArgument("volume group name must not be empty");
        if (totalBytes < 0 || allocatableBytes < 0 || allocatableBytes > totalBytes)
            throw StorageException.InvalidArgument($"volume group {name}: need 0 <= allocatable ({allocatableBytes}) <= total ({totalBytes})");
        Name = name;
        TotalBytes = totalBytes;
        AllocatableBytes = allocatableBytes;
    }

    public string Name { get; }
    public long TotalBytes { get; }
    public long AllocatableBytes { get; }
    public ImmutableDictionary<string, long> Allocations { get; private init; } = ImmutableDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);
    public long AllocatedBytes { get; private init; }
    /// <summary>Never negative: a replayed ledger may exceed a VG that shrank (see <see cref="RecordExisting"/>).</summary>
    public long FreeBytes => Math.Max(0, AllocatableBytes - AllocatedBytes);

    public bool Fits(long bytes) => bytes <= FreeBytes;

    /// <summary>
    /// Records <paramref name="bytes"/> for <paramref name="holderId"/>. Re-allocating the same holder
    /// replaces its previous amount (expansion); the invariant is checked against the difference.
    /// </summary>
    public VolumeGroupPool Allocate(string holderId, long bytes)
    {
        if (bytes < 0)
            throw StorageException.InvalidArgument("allocation must not be negative");
        var previous = Allocations.GetValueOrDefault(holderId);
        var delta = bytes - previous;
        if (delta > FreeBytes)
            throw StorageException.InsufficientCapacity(
                $"insufficient space in VG {Name}: need {delta} more bytes, free {FreeBytes}");
        return this with { Allocations = Allocations.SetItem(holderId, bytes), AllocatedBytes = AllocatedBytes + delta };
    }

    /// <summary>
    /// Records space that is already taken on the node (ledger replay, crds.md §5). Unlike
    /// <see cref="Allocate"/> it cannot refuse: the volume exists whether or not it still fits (the
    /// VG's reservation may have grown since). Then <see cref="FreeBytes"/> is 0 and every new
    /// <see cref="Allocate"/> that grows usage is refused until enough is released.
    /// A holder keeps the larger of its recorded amounts.
    /// </summary>
    public VolumeGroupPool RecordExisting(string holderId, long bytes)
    {
        if (bytes < 0)
            throw StorageException.InvalidArgument("allocation must not be negative");
        var previous = Allocations.GetValueOrDefault(holderId);
        if (bytes <= previous && Allocations.ContainsKey(holderId))
            return this;
        return this with { Allocations = Allocations.SetItem(holderId, bytes), AllocatedBytes = AllocatedBytes + bytes - previous };
    }

    /// <summary>Removes the holder's allocation; releasing an unknown holder is a no-op.</summary>
    public VolumeGroupPool Release(string holderId) =>
        Allocations.TryGetValue(holderId, out var bytes)
            ? this with { Allocations = Allocations.Remove(holderId), AllocatedBytes = AllocatedBytes - bytes }
            : this;
}
