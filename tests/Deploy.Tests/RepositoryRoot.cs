namespace OpenLocal.Deploy.Tests;

internal static class RepositoryRoot
{
    /// <summary>The checkout root: the first ancestor of the test binaries that holds deploy/kubernetes.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "deploy", "kubernetes")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no deploy/kubernetes above {AppContext.BaseDirectory}");
    }

    public static string Deploy(params string[] parts) => Path.Combine([Find(), "deploy", .. parts]);
}
