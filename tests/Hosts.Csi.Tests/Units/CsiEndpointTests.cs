using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Csi.Tests.Units;

public sealed class CsiEndpointTests
{
    [Theory]
    [InlineData("unix://tmp/csi.sock", "/tmp/csi.sock")]
    [InlineData("unix:/var/lib/kubelet/plugins/local.csi.aliyun.com/csi.sock", "/var/lib/kubelet/plugins/local.csi.aliyun.com/csi.sock")]
    [InlineData("unix://var/lib/kubelet/plugins/local.csi.aliyun.com/csi.sock", "/var/lib/kubelet/plugins/local.csi.aliyun.com/csi.sock")]
    [InlineData("unix:///csi/csi.sock", "/csi/csi.sock")]
    [InlineData("/run/csi.sock", "/run/csi.sock")]
    public void Unix_endpoints_parse_as_open_local_does(string endpoint, string socket)
    {
        var parsed = CsiEndpoint.Parse(endpoint);

        Assert.True(parsed.IsUnixSocket);
        Assert.Equal(socket, parsed.SocketPath);
    }

    [Fact]
    public void Tcp_endpoints_are_accepted_for_tests()
    {
        var parsed = CsiEndpoint.Parse("tcp://127.0.0.1:10000");

        Assert.False(parsed.IsUnixSocket);
        Assert.Equal("127.0.0.1", parsed.Host);
        Assert.Equal(10000, parsed.Port);
    }

    [Theory]
    [InlineData("http://x:1")]
    [InlineData("unix://")]
    [InlineData("tcp://host")]
    [InlineData("csi.sock")]
    public void Other_endpoints_are_InvalidArgument(string endpoint)
    {
        var ex = Assert.Throws<StorageException>(() => CsiEndpoint.Parse(endpoint));

        Assert.Equal(FailureKind.InvalidArgument, ex.Kind);
    }
}
