using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using OpenLocal.Cli.Commands;

namespace OpenLocal.Hosts.Reconcilers.Tests.Cli;

/// <summary><c>openlocal ARGS</c> run in process, as Program.cs runs it, with its console output captured.</summary>
internal static class CommandRun
{
    public static async Task<(int ExitCode, string Error)> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await OpenLocalCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return (exit, error.ToString());
    }

    /// <summary>A loopback URL on which nothing listens (connections are refused at once).</summary>
    public static string UnreachableUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>
    /// A kubeconfig whose user has no credentials, as kubectl and client-go accept it (the embedded
    /// API server needs none).
    /// </summary>
    public static string WriteCredentialLessKubeconfig(string directory, Uri server)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: embedded
              cluster:
                server: {server.ToString().TrimEnd('/')}
            users:
            - name: u
              user: {"{}"}
            contexts:
            - name: c
              context:
                cluster: embedded
                user: u
            current-context: c
            """);
        return path;
    }
}
