using System.Globalization;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Csi;

/// <summary>Where the plugin listens: a unix socket path, or host:port over TCP (tests only).</summary>
public sealed record CsiEndpoint(string? SocketPath, string? Host, int Port)
{
    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>
    /// open-local's parsing (csi.md §1): for the <c>unix</c> scheme the path is <c>"/" + host + path</c>,
    /// so <c>unix://tmp/csi.sock</c>, <c>unix:/tmp/csi.sock</c> and <c>unix:///tmp/csi.sock</c> all mean
    /// <c>/tmp/csi.sock</c>. A bare absolute path is taken as a socket path.
    /// </summary>
    public static CsiEndpoint Parse(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.StartsWith('/'))
            return new CsiEndpoint(endpoint, null, 0);
        var colon = endpoint.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw StorageException.InvalidArgument($"endpoint \"{endpoint}\" must look like unix:///path/csi.sock or tcp://host:port");
        var scheme = endpoint[..colon].ToLowerInvariant();
        var rest = endpoint[(colon + 1)..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
            rest = rest[2..];
        switch (scheme)
        {
            case "unix":
                // rest is host + path ("tmp/csi.sock" or "/csi/csi.sock"); the socket is "/" + host + path.
                var path = "/" + rest.TrimStart('/');
                if (path == "/")
                    throw StorageException.InvalidArgument($"endpoint \"{endpoint}\" has no socket path");
                return new CsiEndpoint(path, null, 0);
            case "tcp":
                var portColon = rest.LastIndexOf(':');
                if (portColon < 0 || !int.TryParse(rest[(portColon + 1)..].TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                    throw StorageException.InvalidArgument($"endpoint \"{endpoint}\" needs a port: tcp://host:port");
                var host = rest[..portColon];
                return new CsiEndpoint(null, host.Length == 0 ? "0.0.0.0" : host, port);
            default:
                throw StorageException.InvalidArgument($"endpoint scheme \"{scheme}\" is not supported: use unix:// (or tcp:// for tests)");
        }
    }

    public override string ToString() => IsUnixSocket ? "unix://" + SocketPath : $"tcp://{Host}:{Port}";
}
