using k8s;

namespace OpenLocal.ApiServer.Tests;

/// <summary>Each test gets its own embedded API server (with deploy/crds registered) and a KubernetesClient for it.</summary>
public abstract class ApiServerTest : IAsyncLifetime
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    protected EmbeddedApiServer Server { get; private set; } = null!;

    protected IKubernetes Client { get; private set; } = null!;

    protected virtual EmbeddedApiServerOptions Options => new()
    {
        CustomResourceDefinitionPaths = [Path.Combine(RepositoryRoot.Find(), "deploy", "crds")],
        BookmarkInterval = TimeSpan.FromMilliseconds(200),
    };

    public async Task InitializeAsync()
    {
        Server = new EmbeddedApiServer(Options);
        await Server.StartAsync();
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
