using k8s;
using OpenLocal.ApiServer;

namespace OpenLocal.Tests.Shared;

/// <summary>Each test gets its own embedded API server (with deploy/crds registered) and a KubernetesClient for it.</summary>
public abstract class ApiServerTest : IAsyncLifetime
{
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    protected EmbeddedApiServer Server { get; private set; } = null!;

    protected IKubernetes Client { get; private set; } = null!;

    protected virtual EmbeddedApiServerOptions Options => new()
    {
        CustomResourceDefinitionPaths = [RepositoryFiles.CrdDirectory],
        BookmarkInterval = TimeSpan.FromMilliseconds(200),
    };

    public async Task InitializeAsync()
    {
        Server = new EmbeddedApiServer(Options);
        await Server.StartAsync();
        Client = Server.CreateClient();
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
