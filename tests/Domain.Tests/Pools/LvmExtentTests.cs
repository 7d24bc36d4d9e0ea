using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Volumes;

namespace OpenLocal.Domain.Tests.Pools;

public sealed class LvmExtentTests
{
    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1L, 4194304L)]
    [InlineData(4194304L, 4194304L)]
    [InlineData(4194305L, 8388608L)]
    [InlineData(1073741824L, 1073741824L)]
    [InlineData(1000000000L, 1002438656L)]
    public void Rounds_up_to_whole_4MiB_extents(long bytes, long expected)
    {
        Assert.Equal(expected, LvmExtent.RoundUp(bytes));
    }

    [Fact]
    public void Rounding_past_64_bits_is_out_of_range()
    {
        Assert.Equal(FailureKind.OutOfRange, Assert.Throws<StorageException>(() => LvmExtent.RoundUp(long.MaxValue)).Kind);
    }
}
