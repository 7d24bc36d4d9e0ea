using System.Net.Sockets;
using Grpc.Net.Client;

namespace OpenLocal.Tests.Shared;

/// <summary>A gRPC channel to a CSI plugin's unix socket, as the CSI sidecars connect (one socket, HTTP/2 over it).</summary>
public static class UnixSocketChannel
{
    /// <param name="opened">Wraps each new connection's stream (tests that watch connections); null keeps it as is.</param>
    public static GrpcChannel Create(string socketPath, Func<Stream, Stream>? opened = null, TimeSpan? idleTimeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    Stream stream = new NetworkStream(socket, ownsSocket: true);
                    return opened is null ? stream : opened(stream);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (idleTimeout is { } idle)
            handler.PooledConnectionIdleTimeout = idle;
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler });
    }
}
