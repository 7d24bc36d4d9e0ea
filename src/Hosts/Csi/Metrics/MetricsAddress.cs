using System.Globalization;
using System.Net;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Hosts.Csi.Metrics;

/// <summary>
/// <c>--metrics-address</c> (metrics.md §1): <c>[host]:port</c>, where an empty host listens on every
/// interface. Empty or <c>0</c> turns the endpoint off (the controller-runtime convention for
/// <c>--metrics-bind-address</c>; ADR-0067).
/// </summary>
public sealed record MetricsAddress(IPAddress? Host, int Port)
{
    /// <returns>The address to listen on, or null when metrics are turned off.</returns>
    public static MetricsAddress? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "0")
            return null;
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
            throw Invalid(text);
        var host = text[..colon];
        if (host.Length == 0)
            return new MetricsAddress(null, port);
        if (host == "localhost")
            return new MetricsAddress(IPAddress.Loopback, port);
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        return IPAddress.TryParse(host, out var address) ? new MetricsAddress(address, port) : throw Invalid(text);
    }

    private static StorageException Invalid(string text) => StorageException.InvalidArgument(
        $"--metrics-address must be [host]:port with an IP address or localhost (e.g. :8082), or empty or 0 to turn metrics off, not \"{text}\"");
}
