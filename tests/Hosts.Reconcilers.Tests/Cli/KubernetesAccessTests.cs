using k8s;
using OpenLocal.Cli.Commands;
using OpenLocal.Domain.Failures;
using OpenLocal.Hosts.Reconcilers.Tests.Kubernetes;

namespace OpenLocal.Hosts.Reconcilers.Tests.Cli;

/// <summary>Issue 14: the one way every component reaches the API server (ADR-0052).</summary>
[Trait("Category", "Kubernetes")]
public sealed class KubernetesAccessTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("olcli-access-").FullName;
    private ApiServerFixture _api = null!;

    public async Task InitializeAsync() => _api = await ApiServerFixture.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_kubeconfig_whose_user_has_no_credentials_is_accepted()
    {
        var kubeconfig = CommandRun.WriteCredentialLessKubeconfig(_dir, _api.BaseUri);

        using var client = await KubernetesAccess.ConnectAsync(kubeconfig, master: null, CancellationToken.None);

        Assert.NotNull(await client.CoreV1.ListNodeAsync());
    }

    [Fact]
    public async Task A_master_without_a_kubeconfig_is_used_as_it_is()
    {
        var master = _api.BaseUri.ToString().TrimEnd('/');

        using var client = await KubernetesAccess.ConnectAsync(kubeconfig: null, master, CancellationToken.None);

        Assert.NotNull(await client.CoreV1.ListNodeAsync());
    }

    [Fact]
    public async Task Master_overrides_the_server_of_the_kubeconfig()
    {
        var kubeconfig = CommandRun.WriteCredentialLessKubeconfig(_dir, new Uri(CommandRun.UnreachableUrl()));

        using var client = await KubernetesAccess.ConnectAsync(kubeconfig, _api.BaseUri.ToString(), CancellationToken.None);

        Assert.NotNull(await client.CoreV1.ListNodeAsync());
    }

    [Fact]
    public async Task An_unreachable_server_is_one_Unavailable_line()
    {
        var url = CommandRun.UnreachableUrl();

        var ex = await Assert.ThrowsAsync<StorageException>(() => KubernetesAccess.ConnectAsync(null, url, CancellationToken.None));

        Assert.Equal(FailureKind.Unavailable, ex.Kind);
        Assert.StartsWith($"cannot reach the Kubernetes API server at {url}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_missing_kubeconfig_file_is_one_line_naming_it()
    {
        var missing = Path.Combine(_dir, "nope");

        var ex = Assert.Throws<StorageException>(() => KubernetesAccess.Configure(missing, null));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
