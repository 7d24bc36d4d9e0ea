namespace OpenLocal.Infrastructure.Device.Tests;

public sealed class DeviceNumberTests
{
    // throttling.md §6 vectors: st_rdev → major:minor as glibc decodes it.
    [Theory]
    [InlineData(64768UL, 253U, 0U)]
    [InlineData(2064UL, 8U, 16U)]
    [InlineData(66305UL, 259U, 1U)]
    [InlineData(1113388UL, 253U, 300U)]
    [InlineData(1113344UL, 253U, 256U)]
    [InlineData(1792UL, 7U, 0U)]
    public void Decodes_dev_t_like_glibc_including_minors_above_255(ulong rdev, uint major, uint minor)
    {
        var number = DeviceNumber.FromDevT(rdev);

        Assert.Equal(new DeviceNumber(major, minor), number);
        Assert.Equal(rdev, number.ToDevT());
    }

    [Fact]
    public void Formats_and_parses_the_sysfs_form()
    {
        Assert.Equal("253:300", new DeviceNumber(253, 300).ToString());
        Assert.Equal(new DeviceNumber(259, 1), DeviceNumber.Parse("259:1\n"));
        Assert.Throws<Domain.Failures.StorageException>(() => DeviceNumber.Parse("259"));
    }
}
