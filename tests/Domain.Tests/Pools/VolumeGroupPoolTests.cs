using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Pools;

namespace OpenLocal.Domain.Tests.Pools;

public sealed class VolumeGroupPoolTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void Allocate_and_release_track_free_space()
    {
        var pool = new VolumeGroupPool("vg", 100 * GiB, 90 * GiB)
            .Allocate("a", 30 * GiB)
            .Allocate("b", 50 * GiB);
        Assert.Equal(10 * GiB, pool.FreeBytes);

        pool = pool.Release("a");
        Assert.Equal(40 * GiB, pool.FreeBytes);
        Assert.Equal(50 * GiB, pool.AllocatedBytes);
    }

    [Fact]
    public void Allocating_more_than_is_free_is_refused_as_insufficient_capacity_and_changes_nothing()
    {
        var pool = new VolumeGroupPool("vg", 10 * GiB, 10 * GiB).Allocate("a", 6 * GiB);

        var ex = Assert.Throws<StorageException>(() => pool.Allocate("b", 5 * GiB));

        Assert.Equal(FailureKind.InsufficientCapacity, ex.Kind);
        Assert.Contains("VG vg", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4 * GiB, pool.FreeBytes);
    }

    [Fact]
    public void Re_allocating_a_holder_replaces_its_amount_and_checks_only_the_growth()
    {
        var pool = new VolumeGroupPool("vg", 10 * GiB, 10 * GiB).Allocate("a", 6 * GiB);

        pool = pool.Allocate("a", 10 * GiB);
        Assert.Equal(0, pool.FreeBytes);
        Assert.Throws<StorageException>(() => pool.Allocate("a", 11 * GiB));
    }

    [Theory]
    [InlineData(-1L, 0L)]
    [InlineData(10L, 11L)]
    [InlineData(10L, -1L)]
    public void Inconsistent_sizes_are_rejected(long total, long allocatable)
    {
        var ex = Assert.Throws<StorageException>(() => new VolumeGroupPool("vg", total, allocatable));
        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void RecordExisting_counts_space_already_taken_even_past_allocatable_and_then_blocks_new_allocations()
    {
        var pool = new VolumeGroupPool("vg", 10 * GiB, 5 * GiB).RecordExisting("old", 8 * GiB);

        Assert.Equal(0, pool.FreeBytes);
        Assert.Throws<StorageException>(() => pool.Allocate("new", 1));
        Assert.Equal(5 * GiB, pool.Release("old").FreeBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(1234)]
    [InlineData(99991)]
    public void Random_allocate_release_sequences_never_break_the_invariant(int seed)
    {
        var random = new Random(seed);
        var allocatable = random.NextInt64(1, 1000) * GiB;
        var pool = new VolumeGroupPool("vg", allocatable + random.NextInt64(0, 100) * GiB, allocatable);
        var expected = new Dictionary<string, long>();

        for (var step = 0; step < 2000; step++)
        {
            var holder = "v" + random.Next(0, 40);
            if (random.Next(3) == 0)
            {
                pool = pool.Release(holder);
                expected.Remove(holder);
            }
            else
            {
                var bytes = random.NextInt64(0, allocatable / 4 + 2);
                var fits = bytes - expected.GetValueOrDefault(holder) <= allocatable - expected.Values.Sum();
                try
                {
                    pool = pool.Allocate(holder, bytes);
                    Assert.True(fits, $"step {step}: allocation of {bytes} should have been refused");
                    expected[holder] = bytes;
                }
                catch (StorageException ex) when (ex.Kind == FailureKind.InsufficientCapacity)
                {
                    Assert.False(fits, $"step {step}: allocation of {bytes} should have fitted");
                }
            }

            Assert.True(pool.Allocations.Values.Sum() <= pool.AllocatableBytes);
            Assert.Equal(pool.Allocations.Values.Sum(), pool.AllocatedBytes);
            Assert.Equal(expected.Values.Sum(), pool.AllocatedBytes);
            Assert.Equal(pool.AllocatableBytes - pool.AllocatedBytes, pool.FreeBytes);
        }
    }
}
