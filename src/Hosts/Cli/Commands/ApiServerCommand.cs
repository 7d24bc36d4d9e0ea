using System.CommandLine;
using Microsoft.Extensions.Logging;
using OpenLocal.ApiServer;

namespace OpenLocal.Cli.Commands;

/// <summary>
/// <c>openlocal apiserver</c>: a throwaway Kubernetes API on 127.0.0.1 (in memory, plain HTTP) for kubectl and for
/// running components without a cluster (testing.md, ADR-0021). Runs until interrupted.
/// </summary>
public static class ApiServerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 = chosen by the OS).", DefaultValueFactory = _ => 0 };
        var crds = new Option<string[]>("--crds") { Description = "CRD manifest file or directory to register at start (repeatable), e.g. deploy/crds.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("apiserver", "Run an in-memory Kubernetes API server on 127.0.0.1 for kubectl and local experiments.") { port, crds };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
            await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions
            {
                Port = parseResult.GetValue(port),
                CustomResourceDefinitionPaths = parseResult.GetValue(crds) ?? [],
                Logger = loggers.CreateLogger("apiserver"),
            });
            var uri = await server.StartAsync(cancellationToken);
            await output.WriteLineAsync($"openlocal apiserver listening on {uri} (try: kubectl --server {uri.ToString().TrimEnd('/')} get nls)");
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C / SIGTERM: a normal shutdown.
            }
            return 0;
        });
        return command;
    }
}
