using OpenLocal.Domain.Failures;

namespace OpenLocal.Infrastructure.Lvm.Tests;

public sealed class LvmNamesTests
{
    [Theory]
    [InlineData("open-local-pool-0")]
    [InlineData("vg_1.+x")]
    [InlineData("local-52f1bab4-2c5e-4a5b-9e0c-1d2e3f4a5b6c")]
    public void Accepts_lvm2_names(string name)
    {
        LvmNames.ValidateVolumeGroup(name);
        LvmNames.ValidateLogicalVolume(name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-pool")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("pool 0")]
    [InlineData("pool/0")]
    [InlineData("pööl")]
    [InlineData("vg;rm")]
    public void Rejects_names_lvm2_rejects(string name)
    {
        Assert.Equal(FailureKind.InvalidArgument, Assert.Throws<StorageException>(() => LvmNames.ValidateVolumeGroup(name)).Kind);
        Assert.Equal(FailureKind.InvalidArgument, Assert.Throws<StorageException>(() => LvmNames.ValidateLogicalVolume(name)).Kind);
    }

    [Fact]
    public void Rejects_overlong_names()
    {
        Assert.Throws<StorageException>(() => LvmNames.ValidateVolumeGroup(new string('a', 128)));
        LvmNames.ValidateVolumeGroup(new string('a', 127));
    }

    [Theory]
    [InlineData("snapshot1")]
    [InlineData("pvmove0")]
    [InlineData("data_tmeta")]
    [InlineData("x_rimage_1")]
    public void Rejects_logical_volume_names_reserved_by_lvm2(string name)
    {
        var error = Assert.Throws<StorageException>(() => LvmNames.ValidateLogicalVolume(name));

        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openlocal.kind=volume")]
    [InlineData("openlocal.pvc=default/html-nginx-lvm-0")]
    [InlineData("openlocal.volume-id=local-52f1bab4")]
    [InlineData("a_+.-/=!:#&Z9")]
    [InlineData("protected")]
    public void Accepts_our_tags(string tag) => LvmNames.ValidateTag(tag);

    [Theory]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData("openlocal.pvc=default name")]
    [InlineData("a,b")]
    [InlineData("a@b")]
    [InlineData("a$b")]
    public void Rejects_tags_lvm2_rejects(string tag)
    {
        Assert.Equal(FailureKind.InvalidArgument, Assert.Throws<StorageException>(() => LvmNames.ValidateTag(tag)).Kind);
    }
}
