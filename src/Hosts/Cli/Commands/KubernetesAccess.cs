using System.CommandLine;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using OpenLocal.Domain.Failures;

namespace OpenLocal.Cli.Commands;

/// <summary>
/// The one way every component reaches the API server (ADR-0052), with open-local's flags
/// (node-agent.md §1, deploy.md §10): <c>--kubeconfig</c> and <c>--master</c> as client-go's
/// <c>BuildConfigFromFlags</c> takes them; neither ⇒ in-cluster config, else <c>$KUBECONFIG</c> or
/// <c>~/.kube/config</c>. A start-up check with a bounded timeout turns an unreachable server into one
/// line and a non-zero exit instead of stack traces from the first watch.
/// </summary>
public static class KubernetesAccess
{
    /// <summary>How long the start-up check waits for <c>GET /version</c>.</summary>
    public static readonly TimeSpan ReachabilityTimeout = TimeSpan.FromSeconds(15);

    public static Option<string?> KubeconfigOption() => new("--kubeconfig") { Description = "Path to a kubeconfig file (default: in-cluster, then $KUBECONFIG or ~/.kube/config)." };

    public static Option<string?> MasterOption() => new("--master") { Description = "Address of the Kubernetes API server (overrides the kubeconfig's; alone, used without credentials)." };

    /// <summary>The client configuration the flags name; a StorageException (one line) when they name nothing usable.</summary>
    public static KubernetesClientConfiguration Configure(string? kubeconfig, string? master)
    {
        try
        {
            if (!string.IsNullOrEmpty(kubeconfig))
                return FromKubeconfig(new FileInfo(kubeconfig), master);
            if (!string.IsNullOrEmpty(master))
                return new KubernetesClientConfiguration { Host = master };
            if (KubernetesClientConfiguration.IsInCluster())
                return KubernetesClientConfiguration.InClusterConfig();
            var fallback = DefaultKubeconfig()
                ?? throw StorageException.InvalidArgument("no Kubernetes API server: not running in a cluster, no $KUBECONFIG or ~/.kube/config; give --kubeconfig or --master");
            return FromKubeconfig(fallback, master: null);
        }
        catch (KubeConfigException ex)
        {
            throw StorageException.InvalidArgument($"kubeconfig: {OneLine(ex.Message)}");
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw StorageException.InvalidArgument($"kubeconfig {kubeconfig}: not valid YAML: {OneLine(ex.Message)}");
        }
        catch (UriFormatException ex)
        {
            throw StorageException.InvalidArgument($"API server address: {OneLine(ex.Message)}");
        }
    }

    /// <summary>
    /// A client for the flags, after the API server answered <c>GET /version</c> within
    /// <see cref="ReachabilityTimeout"/>; a StorageException (Unavailable, one line) otherwise.
    /// </summary>
    public static async Task<IKubernetes> ConnectAsync(string? kubeconfig, string? master, CancellationToken cancellationToken)
    {
        var config = Configure(kubeconfig, master);
        var client = new k8s.Kubernetes(config);
        try
        {
            await CheckReachableAsync(client, config.Host, ReachabilityTimeout, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static async Task CheckReachableAsync(IKubernetes client, string? host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.Version.GetCodeAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw StorageException.Unavailable($"cannot reach the Kubernetes API server at {host}: no answer within {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            throw StorageException.Unavailable($"cannot reach the Kubernetes API server at {host}: {OneLine(ex.Message)}");
        }
        catch (HttpOperationException ex)
        {
            throw StorageException.Unavailable($"the Kubernetes API server at {host} refused GET /version: {(int)ex.Response.StatusCode} {ex.Response.ReasonPhrase}");
        }
    }

    // client-go and kubectl accept a context whose user has no credentials (or names no user entry)
    // and send no Authorization; KubernetesClient throws "does not have appropriate auth credentials".
    private static KubernetesClientConfiguration FromKubeconfig(FileInfo file, string? master)
    {
        var config = KubernetesClientConfiguration.LoadKubeConfig(file, useRelativePaths: true);
        var context = config.Contexts?.FirstOrDefault(c => c.Name == config.CurrentContext);
        if (context?.ContextDetails is { User: { Length: > 0 } userName } details)
        {
            var user = config.Users?.FirstOrDefault(u => u.Name == userName);
            if (user?.UserCredentials is null || !HasCredentials(user.UserCredentials))
                details.User = null;
        }
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(config, masterUrl: master);
    }

    private static bool HasCredentials(UserCredentials user) =>
        !string.IsNullOrEmpty(user.Token)
        || !string.IsNullOrEmpty(user.UserName)
        || !string.IsNullOrEmpty(user.ClientCertificateData) || !string.IsNullOrEmpty(user.ClientCertificate)
        || user.AuthProvider is not null
        || user.ExternalExecution is not null;

    // The first existing file of $KUBECONFIG (no merging of several), else ~/.kube/config.
    private static FileInfo? DefaultKubeconfig()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        var paths = string.IsNullOrEmpty(fromEnvironment)
            ? [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")]
            : fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return paths.Select(p => new FileInfo(p)).FirstOrDefault(f => f.Exists);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
