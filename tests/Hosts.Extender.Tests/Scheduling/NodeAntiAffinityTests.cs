using OpenLocal.Domain.Failures;
using OpenLocal.Domain.Scheduling;

namespace OpenLocal.Hosts.Extender.Tests.Scheduling;

public sealed class NodeAntiAffinityTests
{
    [Theory]
    [InlineData("MountPoint=5", 5, 0)]
    [InlineData("MountPoint=5,Device=2", 5, 2)]
    [InlineData("MountPoint", 5, 0)]
    [InlineData("Device,LVM=3,Quota", 0, 5)]
    [InlineData("", 0, 0)]
    public void Parses_the_flag(string text, int mountPoint, int device)
    {
        var parsed = NodeAntiAffinity.Parse(text);

        Assert.Equal(new NodeAntiAffinity(mountPoint, device), parsed);
    }

    [Theory]
    [InlineData("MountPoint=5,=Device=2")]
    [InlineData("MountPoint=15,Device=2")]
    [InlineData("mountpoint=1")]
    [InlineData("Device=-1")]
    public void Rejects_invalid_values_at_start_up(string text)
    {
        var error = Assert.Throws<StorageException>(() => NodeAntiAffinity.Parse(text));

        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }
}
