using System.Net.Sockets;

namespace OpenLocal.Hosts.Csi.Tests.Server;

/// <summary>What a killed plugin leaves behind: a socket file that nothing listens on.</summary>
internal static class StaleSocket
{
    public static void Create(string path)
    {
        // .NET unlinks a socket file when the socket that bound it is disposed; bind elsewhere and
        // move the file into place, as a process killed with -9 would have left it.
        var bound = path + ".binding";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }
    }
}
