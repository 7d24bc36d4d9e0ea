using System.Net.Sockets;
using Csi.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLocal.Application.NodeVolumes;

namespace OpenLocal.Hosts.Csi.Tests.Server;

/// <summary>
/// <see cref="CsiServer"/> on a unix socket with no storage behind it (Identity answers without one),
/// and a client that counts the connections it opens and sees when the server closes one.
/// </summary>
internal sealed class TestServer
{
    public static CsiPluginOptions Options(string socket) => new() { Endpoint = CsiEndpoint.Parse("unix://" + socket), NodeId = "node-1" };

    public static WebApplication Build(CsiPluginOptions options, string root) =>
        CsiServer.Build(
            options,
            new NodePublishOptions { KubeletDir = Path.Combine(root, "kubelet") },
            services => services.AddSingleton<IBackendProbe, ReadyProbe>(),
            logging => logging.ClearProviders());

    private sealed class ReadyProbe : IBackendProbe
    {
        public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>A gRPC client over a unix socket that records every connection it opens.</summary>
internal sealed class CountingClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private int _connections;

    public CountingClient(string socket)
    {
        // The client's own idle limit must not be what closes the connection in these tests.
        _channel = UnixSocketChannel.Create(socket, stream =>
        {
            Interlocked.Increment(ref _connections);
            var watched = new ClosingAwareStream(stream);
            LastConnectionClosed = watched.Closed;
            return watched;
        }, Timeout.InfiniteTimeSpan);
        Identity = new Identity.IdentityClient(_channel);
    }

    public Identity.IdentityClient Identity { get; }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>
    /// Completes when the last connection opened ends: the server closes it, or the client drops it
    /// after the server's GOAWAY.
    /// </summary>
    public Task LastConnectionClosed { get; private set; } = Task.CompletedTask;

    public void Dispose() => _channel.Dispose();

    private sealed class ClosingAwareStream(Stream inner) : Stream
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Closed => _closed.Task;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                var read = await inner.ReadAsync(buffer, cancellationToken);
                if (read == 0 && buffer.Length > 0)
                    _closed.TrySetResult();
                return read;
            }
            catch (IOException)
            {
                _closed.TrySetResult();
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            _closed.TrySetResult();
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
